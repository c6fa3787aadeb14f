export * from 'clipanion';
