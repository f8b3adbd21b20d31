namespace Studio.Core.Testing.Dialogs;

/// <summary>A conversation did not go as the test expected; the message ends with the transcript so far.</summary>
public sealed class DialogAssertionException(string message) : Exception(message);
