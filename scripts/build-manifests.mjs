// Generates each plugin's command manifest from its compiled command definitions.
