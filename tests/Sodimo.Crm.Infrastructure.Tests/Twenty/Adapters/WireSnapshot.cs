using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>One request as a snapshot shows it: verb, path, decoded query and JSON body.</summary>
public sealed record WireSnapshot(string Method, string Path, string? Query, JToken? Body, int? Status = null)
{
    public static WireSnapshot From(string method, string path, string rawQuery, string? body, int? status = null) => new(
        method,
        path,
        string.IsNullOrEmpty(rawQuery.TrimStart('?')) ? null : Uri.UnescapeDataString(rawQuery.TrimStart('?')),
        string.IsNullOrEmpty(body) ? null : Parse(body),
        status);

    // Dates stay strings: the snapshot shows the exact text on the wire.
    private static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    public static IReadOnlyList<WireSnapshot> Of(EmulatorHarness h) =>
        h.Emulator.Journal.Entries.Select(e => From(e.Method, e.Path, e.Query, e.Body, e.Status)).ToArray();

    public static IReadOnlyList<WireSnapshot> Of(ScriptedHandler handler) =>
        handler.Requests.Select(r => From(r.Method, r.Uri.AbsolutePath, r.Uri.Query, r.Body)).ToArray();
}
