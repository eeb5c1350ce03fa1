using System.Collections.Concurrent;

namespace Sodimo.Crm.Testing;

/// <summary>One request seen by the emulator and how it was answered.</summary>
/// <param name="Sequence">Order of arrival, from 1.</param>
/// <param name="Timestamp">Arrival time on the emulator's clock.</param>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">Path without query string, e.g. <c>/rest/people</c>.</param>
/// <param name="Query">Raw query string without <c>?</c> (still URL-encoded).</param>
/// <param name="Body">Request body as UTF-8 text (empty when none).</param>
/// <param name="Headers">Request headers (case-insensitive names).</param>
/// <param name="Status">Response status; 0 when the connection was dropped before answering.</param>
/// <param name="Fault">The scripted fault applied, if any.</param>
/// <param name="ResponseBody">Response body as UTF-8 text.</param>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Path,
    string Query,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    int Status,
    FaultKind? Fault,
    string ResponseBody);

/// <summary>Every request the emulator received, in order. Thread-safe.</summary>
public sealed class EmulatorJournal
{
    private readonly ConcurrentQueue<JournalEntry> _entries = new();
    private long _sequence;

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<JournalEntry> Entries => _entries.ToArray();

    /// <summary>Entries whose method and path match (path exact, or prefix when it ends with <c>*</c>).</summary>
    public IReadOnlyList<JournalEntry> For(string method, string pathPattern) =>
        _entries.Where(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase) && FaultRule.PathMatches(pathPattern, e.Path)).ToArray();

    /// <summary>Forgets every entry.</summary>
    public void Clear() => _entries.Clear();

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(JournalEntry entry) => _entries.Enqueue(entry);
}
