// TwentyEmulator — an in-process stand-in for a Twenty 2.x workspace (docs/emulator.md).
//
// Extension points (for the GraphQL, metadata and webhook parts, which live in GraphQL/, Metadata/, Webhooks/):
//  * Routes: implement Core.IEmulatorEndpoint and register it with AddEndpoint(...) (internal) — typically in the
//    constructor below, next to the REST endpoint. Endpoints are tried in registration order; unmatched paths
//    answer 404. The pipeline (DispatchAsync) applies, uniformly and before any endpoint: the journal, scripted
//    faults, the API-key check and — when IEmulatorEndpoint.IsRateLimited — the workspace rate limit. Errors are
//    rendered through IEmulatorEndpoint.RenderError so GraphQL can answer in its own shape.
//  * Data: Workspace (internal) holds the mutable object/field metadata and the record store behind one
//    re-entrant lock (Workspace.SyncRoot). Metadata changes bump Workspace.MetadataVersion (cache key for a
//    generated GraphQL schema). Record reads/writes go through Workspace.FindMany/FindOne/Create/Update/Delete/
//    Restore with the core filter AST (Core/Filter.cs); Workspace.Serialize renders REST-shaped records.
//  * Events: Workspace.RecordChanged / TwentyEmulator.RecordChanged fire after each committed change with
//    before/after images (webhooks subscribe here; handlers run under the lock, so queue work, do not block).
//  * Clock: TwentyEmulatorOptions.TimeProvider drives timestamps, the rate limiter and fault delays.

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sodimo.Crm.Testing.Core;
using Sodimo.Crm.Testing.GraphQL;
using Sodimo.Crm.Testing.Metadata;
using Sodimo.Crm.Testing.Rest;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing;

/// <summary>
/// An emulated Twenty workspace serving the REST records API (and, when registered, GraphQL, metadata and
/// webhooks) either in process (<see cref="CreateHandler"/>, <see cref="CreateClient"/>) or on a loopback port
/// (<see cref="StartAsync"/>). Thread-safe.
/// </summary>
public sealed class TwentyEmulator : IAsyncDisposable
{
    private readonly List<IEmulatorEndpoint> _endpoints = [];
    private readonly RateLimiter _rateLimiter;
    private readonly RestEndpoint _rest;
    private WebApplication? _app;

    /// <summary>Creates an emulator with a fresh workspace holding the standard objects.</summary>
    public TwentyEmulator(TwentyEmulatorOptions? options = null)
    {
        Options = options ?? new TwentyEmulatorOptions();
        Workspace = new Workspace(Options.TimeProvider);
        _rateLimiter = new RateLimiter(Options.RateLimit, Options.TimeProvider);
        _rest = new RestEndpoint(this);
        _endpoints.Add(_rest);
        Webhooks = new EmulatorWebhooks(Options.TimeProvider, Workspace.WorkspaceId);
        WebhookBridge.Attach(Workspace, Webhooks);
        _endpoints.Add(new GraphQLEndpoint(this));
        _endpoints.Add(new MetadataEndpoint(this, graphQL: true));
        _endpoints.Add(new MetadataEndpoint(this, graphQL: false));
    }

    /// <summary>The settings this emulator runs with.</summary>
    public TwentyEmulatorOptions Options { get; }

    /// <summary>Registered webhooks and the deliveries made for record changes (API-FACTS §7).</summary>
    public EmulatorWebhooks Webhooks { get; }

    /// <summary>Every request received, in order.</summary>
    public EmulatorJournal Journal { get; } = new();

    /// <summary>Scripted failures per route.</summary>
    public EmulatorFaults Faults { get; } = new();

    /// <summary>The emulated workspace's id.</summary>
    public Guid WorkspaceId => Workspace.WorkspaceId;

    /// <summary>Base address of the loopback server once <see cref="StartAsync"/> has run; otherwise <c>http://localhost/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost/");

    /// <summary>Raised after each committed record change (created/updated/deleted/destroyed/restored), in commit
    /// order, while the workspace lock is held: handlers must be quick (queue work, do not block).</summary>
    public event EventHandler<RecordChange>? RecordChanged
    {
        add
        {
            ArgumentNullException.ThrowIfNull(value);
            Action<RecordChange> bridge = c => value(this, c);
            lock (_handlers) _handlers[value] = bridge;
            lock (Workspace.SyncRoot) Workspace.RecordChanged += bridge;
        }
        remove
        {
            Action<RecordChange>? bridge;
            lock (_handlers) _handlers.Remove(value!, out bridge);
            if (bridge is not null)
            {
                lock (Workspace.SyncRoot) Workspace.RecordChanged -= bridge;
            }
        }
    }

    // Record events are only built when someone listens (each event deep-copies the record twice).
    private readonly Dictionary<EventHandler<RecordChange>, Action<RecordChange>> _handlers = [];

    internal Workspace Workspace { get; }

    internal IReadOnlyList<IEmulatorEndpoint> Endpoints => _endpoints;

    /// <summary>Registers a route handler, tried after those registered before it (see the file header).</summary>
    internal void AddEndpoint(IEmulatorEndpoint endpoint)
    {
        lock (_endpoints) _endpoints.Add(endpoint);
    }

    /// <summary>An <see cref="HttpMessageHandler"/> that serves requests in process, without sockets.</summary>
    public HttpMessageHandler CreateHandler() => new InProcessHandler(this);

    /// <summary>An <see cref="HttpClient"/> on <see cref="CreateHandler"/> with <c>BaseAddress</c> set and, unless
    /// <paramref name="apiKey"/> is empty, a bearer token (default: the first configured API key).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient(CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        var key = apiKey ?? Options.ApiKeys.FirstOrDefault();
        if (!string.IsNullOrEmpty(key)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Starts a Kestrel server on 127.0.0.1 (<paramref name="port"/> 0 picks a free port) and sets <see cref="BaseAddress"/>.</summary>
    public async Task StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("The emulator is already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(ServeKestrelAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Urls.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Stops the loopback server, if started.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        await app.StopAsync(cancellationToken);
        await app.DisposeAsync();
        BaseAddress = new Uri("http://localhost/");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Webhooks.Dispose();
    }

    /// <summary>Creates records directly (no API key, no rate limit, no journal); returns them as REST would.</summary>
    /// <param name="objectName">Plural (<c>people</c>) or singular (<c>person</c>) object name.</param>
    /// <param name="records">Records in REST input shape (composites nested, relations by join column).</param>
    public IReadOnlyList<JsonObject> Seed(string objectName, params JsonObject[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (Workspace.SyncRoot)
        {
            var obj = ResolveObject(objectName);
            var created = Workspace.Create(obj, records, upsert: false, Actor.System);
            return created.Select(r => Workspace.Serialize(obj, r, 0)).ToList();
        }
    }

    /// <summary>The stored records of an object (soft-deleted ones only when asked), as REST depth 0 would render them.</summary>
    public IReadOnlyList<JsonObject> GetRecords(string objectName, bool includeDeleted = false)
    {
        lock (Workspace.SyncRoot)
        {
            var obj = ResolveObject(objectName);
            return Workspace.AllRecords(obj)
                .Where(r => includeDeleted || !Workspace.IsDeleted(r))
                .Select(r => Workspace.Serialize(obj, r, 0))
                .ToList();
        }
    }

    /// <summary>One record by id (including a soft-deleted one), or null.</summary>
    public JsonObject? FindRecord(string objectName, Guid id)
    {
        lock (Workspace.SyncRoot)
        {
            var obj = ResolveObject(objectName);
            var r = Workspace.RecordById(obj, id.ToString());
            return r is null ? null : Workspace.Serialize(obj, r, 0);
        }
    }

    /// <summary>Back to a fresh workspace: standard objects only, no records but the default member; journal,
    /// faults and rate-limit buckets cleared.</summary>
    public void Reset()
    {
        Workspace.Reset();
        Journal.Clear();
        Faults.Clear();
        Webhooks.Reset();
        _rateLimiter.Reset();
    }

    private ObjectMetadata ResolveObject(string name) =>
        Workspace.FindObject(name) ?? throw new ArgumentException($"Unknown object '{name}'.", nameof(name));

    // ------------------------------------------------------------------ pipeline

    internal async ValueTask<EmulatorResponse> DispatchAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var timestamp = Options.TimeProvider.GetUtcNow();
        var sequence = Journal.NextSequence();
        IEmulatorEndpoint? endpoint;
        lock (_endpoints) endpoint = _endpoints.Find(e => e.Matches(request));
        var renderer = endpoint ?? _rest;
        EmulatorResponse? response = null;
        FaultKind? applied = null;
        try
        {
            var fault = Faults.Next(request.Method, request.Path);
            if (fault is not null)
            {
                applied = fault.Kind;
                switch (fault.Kind)
                {
                    case FaultKind.Delay:
                        await Task.Delay(fault.Delay, Options.TimeProvider, cancellationToken);
                        break;
                    case FaultKind.TooManyRequests:
                        response = renderer.RenderError(new EmulatorException(429, "TooManyRequestsException", "Too many requests (scripted fault)"));
                        response.Headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(fault.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case FaultKind.ServerError:
                        response = renderer.RenderError(new EmulatorException(fault.StatusCode, "InternalServerErrorException", "Internal server error (scripted fault)"));
                        break;
                    case FaultKind.DropConnection:
                        response = new EmulatorResponse { Abort = true, StatusCode = 0 };
                        break;
                }
            }

            response ??= await ServeAsync(endpoint, request, cancellationToken);
            if (applied == FaultKind.CommitThenDrop) response.Abort = true;
            return response;
        }
        finally
        {
            Journal.Add(new JournalEntry(sequence, timestamp, request.Method, request.Path, request.QueryString, request.BodyText,
                request.Headers, response is null || response.Abort ? 0 : response.StatusCode, applied,
                response is null ? "" : Encoding.UTF8.GetString(response.Body)));
        }
    }

    private async ValueTask<EmulatorResponse> ServeAsync(IEmulatorEndpoint? endpoint, EmulatorRequest request, CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            return EmulatorResponse.Error(404, "NotFoundException", $"Cannot {request.Method} {request.Path}");
        }

        try
        {
            Authenticate(request);
            if (endpoint.IsRateLimited) Throttle();
            return await endpoint.HandleAsync(request, cancellationToken);
        }
        catch (RateLimitedException e)
        {
            var response = endpoint.RenderError(e.Error);
            foreach (var (k, v) in e.Headers) response.Headers[k] = v;
            if (endpoint is RestEndpoint) response.Body = Encoding.UTF8.GetBytes(e.Body.ToJsonString(EmulatorResponse.Compact));
            return response;
        }
        catch (EmulatorException e)
        {
            return endpoint.RenderError(e);
        }
    }

    /// <summary>
    /// API-key check. PEER-CASES [auth]: a missing/empty bearer → 403 FORBIDDEN_EXCEPTION "Missing authentication
    /// token"; a token that is not a JWT → 401 "No payload"; a JWT-shaped unknown token → 401 "Token invalid.".
    /// </summary>
    private void Authenticate(EmulatorRequest request)
    {
        request.Headers.TryGetValue("Authorization", out var header);
        var token = header is not null && header.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) ? header[6..].Trim() : "";
        if (token.Length == 0) throw new EmulatorException(403, "FORBIDDEN_EXCEPTION", "Missing authentication token");
        if (Options.ApiKeys.Contains(token)) return;
        var looksLikeJwt = token.Split('.').Length == 3;
        throw new EmulatorException(401, "UNAUTHENTICATED", looksLikeJwt ? "Token invalid." : "No payload");
    }

    /// <summary>API-FACTS §3 (newest): 429 RATE_LIMITED with Retry-After and X-RateLimit-* headers.</summary>
    private void Throttle()
    {
        var d = _rateLimiter.TryAcquire();
        if (d.IsAllowed) return;
        var retryAfter = Math.Max(1, (int)Math.Ceiling(d.RetryAfter.TotalSeconds));
        var seconds = (int)d.Window.TotalSeconds;
        var message = $"Rate limit exceeded for apiKey: {d.Limit} requests per {seconds}s.";
        var body = new JsonObject
        {
            ["statusCode"] = 429,
            ["error"] = "RATE_LIMITED",
            ["messages"] = new JsonArray(message),
            ["limitKind"] = "speed",
            ["exhaustedKind"] = "limit",
            ["scope"] = new JsonObject
            {
                ["spenderType"] = "apiKey",
                ["spenderId"] = WorkspaceId.ToString(),
                ["operationType"] = "api",
            },
            ["limit"] = d.Limit,
            ["remaining"] = 0,
            ["periodCount"] = seconds,
            ["periodUnit"] = "second",
            ["retryAfterSeconds"] = retryAfter,
        };
        var headers = new Dictionary<string, string>
        {
            ["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Limit"] = d.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = d.ResetAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        throw new RateLimitedException(new EmulatorException(429, "RATE_LIMITED", message), body, headers);
    }

    private async Task ServeKestrelAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in context.Request.Headers) headers[k] = v.ToString();
        var request = new EmulatorRequest(context.Request.Method, context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
        var response = await DispatchAsync(request, context.RequestAborted);
        if (response.Abort)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        foreach (var (k, v) in response.Headers) context.Response.Headers[k] = v;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private sealed class RateLimitedException(EmulatorException error, JsonObject body, Dictionary<string, string> headers) : Exception(error.Message)
    {
        public EmulatorException Error { get; } = error;
        public JsonObject Body { get; } = body;
        public Dictionary<string, string> Headers { get; } = headers;
    }

    private sealed class InProcessHandler(TwentyEmulator emulator) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("Request URI is required.");
            if (!uri.IsAbsoluteUri) uri = new Uri(new Uri("http://localhost/"), uri);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in request.Headers) headers[k] = string.Join(", ", v);
            var body = Array.Empty<byte>();
            if (request.Content is not null)
            {
                foreach (var (k, v) in request.Content.Headers) headers[k] = string.Join(", ", v);
                body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            var emulatorRequest = new EmulatorRequest(request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath), uri.Query, headers, body);
            var response = await emulator.DispatchAsync(emulatorRequest, cancellationToken);
            if (response.Abort)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded,
                    "The response ended prematurely (the emulator dropped the connection).", new DroppedConnectionException());
            }

            var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(response.Body),
            };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(response.ContentType);
            foreach (var (k, v) in response.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(k, v)) message.Content.Headers.TryAddWithoutValidation(k, v);
            }

            return message;
        }
    }
}
