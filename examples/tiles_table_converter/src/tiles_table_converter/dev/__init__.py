"""Development helpers of the example converter (task list for the manifest)."""
