namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty's REST error body, read from the wire, with the call it answered.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Error">Twenty's <c>error</c> name; the reason phrase when the body had none.</param>
/// <param name="Messages">Twenty's <c>messages</c>; the raw body (shortened) when it was not Twenty's envelope.</param>
/// <param name="Code">Twenty's custom <c>code</c>, when present.</param>
/// <param name="Method">The HTTP method of the call.</param>
/// <param name="Path">The request path of the call, without its query string.</param>
public sealed record TwentyErrorEnvelope(int StatusCode, string Error, IReadOnlyList<string> Messages, string? Code, string? Method, string? Path);
