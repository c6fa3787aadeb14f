export * from 'typanion';
