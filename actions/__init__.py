"""Custom actions of the Sozialauskunft assistant (run by the rasa-sdk action server)."""
