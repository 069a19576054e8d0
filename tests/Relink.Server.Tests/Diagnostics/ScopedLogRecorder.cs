using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>
/// Keeps every log entry a server writes with everything a log shipper could see of it: the formatted message, each
/// structured value, the exception, and every scope around it with its values.
/// </summary>
internal sealed class ScopedLogRecorder : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<ScopedLogEntry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<ScopedLogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AppendValues(StringBuilder text, object? state)
    {
        text.Append(' ').Append(state);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var value in values)
            {
                text.Append(' ').Append(value.Key).Append('=').Append(value.Value);
            }
        }
    }

    private sealed class Recorder(ScopedLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            AppendValues(text, state);
            text.Append(' ').Append(exception);
            var scopes = new Dictionary<string, string>();
            owner._scopes.ForEachScope((scope, _) =>
            {
                AppendValues(text, scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var value in values)
                    {
                        scopes[value.Key] = value.Value?.ToString() ?? "";
                    }
                }
            }, (object?)null);
            owner._entries.Enqueue(new ScopedLogEntry(category, logLevel, eventId.Id, text.ToString(), scopes));
        }
    }
}

/// <summary>One entry: its level and event id, all its text, and the values of the scopes around it.</summary>
internal sealed record ScopedLogEntry(string Category, LogLevel Level, int EventId, string Text, IReadOnlyDictionary<string, string> Scopes);
