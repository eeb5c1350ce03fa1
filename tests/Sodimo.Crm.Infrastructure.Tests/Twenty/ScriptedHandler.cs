using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

/// <summary>A fake Twenty: answers each request with the next scripted step and records what it received.</summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _steps = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrivals = new(0);
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _fallback;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToArray();
        }
    }

    public ScriptedHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public ScriptedHandler Then(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null) =>
        Then((_, _) =>
        {
            var response = Json(status, json);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    /// <summary>Answers a batch create by echoing the posted records under <c>data.&lt;key&gt;</c>.</summary>
    public ScriptedHandler ThenEcho(string key) => Then((r, ct) => Echo(r, key, ct));

    public ScriptedHandler AlwaysEcho(string key)
    {
        _fallback = (r, ct) => Echo(r, key, ct);
        return this;
    }

    private static async Task<HttpResponseMessage> Echo(HttpRequestMessage request, string key, CancellationToken ct)
    {
        var posted = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!;
        var body = new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { [key] = posted } };
        return Json(HttpStatusCode.Created, body.ToJsonString());
    }

    public ScriptedHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Never answers until the caller gives up (the request's token is cancelled).</summary>
    public ScriptedHandler ThenHang() => Then(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    public ScriptedHandler Always(HttpStatusCode status, string json)
    {
        _fallback = (_, _) => Task.FromResult(Json(status, json));
        return this;
    }

    public ScriptedHandler AlwaysThrow(Func<Exception> exception)
    {
        _fallback = (_, _) => Task.FromException<HttpResponseMessage>(exception());
        return this;
    }

    /// <summary>Waits until <paramref name="count"/> requests in all have arrived (bounded by a real-time safety net).</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? within = null)
    {
        while (true)
        {
            lock (_requests)
            {
                if (_requests.Count >= count)
                    return;
            }

            if (!await _arrivals.WaitAsync(within ?? TimeSpan.FromSeconds(10)))
                throw new TimeoutException($"Expected {count} requests, saw {Requests.Count}.");
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(
                request.Method.Method,
                request.RequestUri!,
                body,
                request.Headers.Authorization?.ToString()));
        }

        _arrivals.Release();
        var step = _steps.TryDequeue(out var s) ? s : _fallback
            ?? throw new InvalidOperationException($"No scripted answer left for {request.Method} {request.RequestUri}.");
        var response = await step(request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _arrivals.Dispose();
        base.Dispose(disposing);
    }
}

public sealed record RecordedRequest(string Method, Uri Uri, string? Body, string? Authorization)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string DecodedQuery => Uri.UnescapeDataString(Uri.Query);
}
