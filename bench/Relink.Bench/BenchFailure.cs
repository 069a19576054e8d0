namespace Relink.Bench;

/// <summary>The benchmark cannot go on (a server refused, a deadline passed); the message says what happened.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
