using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>
/// The emulated workspace's webhooks: registrations (also reachable through the metadata API) and the
/// deliveries made for record changes. Each (webhook × event) is posted once, in order, with a
/// <see cref="DeliveryTimeout"/> (5 s, as Twenty) and no retry (API-FACTS §7.3).
/// </summary>
public sealed class EmulatorWebhooks : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<WebhookRegistration> _registrations = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly TimeProvider _time;
    private readonly Guid _workspaceId;
    private HttpClient _http;
    private Task _tail = Task.CompletedTask;

    /// <summary>Creates the webhook hub of a workspace.</summary>
    /// <param name="time">Clock for timestamps and dates.</param>
    /// <param name="workspaceId">The workspace id written in payloads.</param>
    /// <param name="handler">Optional HTTP handler (e.g. an in-process test server); real sockets when null.</param>
    public EmulatorWebhooks(TimeProvider time, Guid workspaceId, HttpMessageHandler? handler = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _workspaceId = workspaceId;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>Raised after a webhook is added or removed (outside the hub's lock).</summary>
    internal event Action? RegistrationsChanged;

    /// <summary>Per-call timeout. Default 5 seconds (Twenty's value).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The registered webhooks.</summary>
    public IReadOnlyList<WebhookRegistration> Registered
    {
        get
        {
            lock (_gate)
            {
                return _registrations.ToList();
            }
        }
    }

    /// <summary>Every delivery attempted so far, in order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.ToList();
            }
        }
    }

    /// <summary>Registers a webhook directly (tests); the metadata API does the same.</summary>
    /// <param name="targetUrl">An http(s) URL.</param>
    /// <param name="operations">Operations; <c>["*.*"]</c> when null.</param>
    /// <param name="secret">The secret; a random 64-hex secret when null, unsigned when empty.</param>
    /// <param name="description">Free text.</param>
    public WebhookRegistration Register(string targetUrl, IEnumerable<string>? operations = null, string? secret = null, string? description = null)
    {
        var input = new JsonObject
        {
            ["targetUrl"] = targetUrl,
            ["operations"] = operations is null ? null : new JsonArray(operations.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
            ["secret"] = secret,
            ["description"] = description,
        };
        return Create(input);
    }

    /// <summary>Waits until every delivery queued so far has completed.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task tail;
            lock (_gate)
            {
                tail = _tail;
            }

            await tail.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(tail, _tail))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends deliveries through <paramref name="handler"/> (e.g. an in-process test server) instead of real sockets.
    /// </summary>
    public void UseHttpHandler(HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var previous = _http;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        previous.Dispose();
    }

    /// <summary>Removes every registration and clears the delivery log (a fresh workspace has no webhooks).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _registrations.Clear();
            _deliveries.Clear();
        }

        RegistrationsChanged?.Invoke();
    }

    /// <summary>Clears the delivery log (not the registrations).</summary>
    public void ClearDeliveries()
    {
        lock (_gate)
        {
            _deliveries.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Creates a webhook from a metadata input (<c>id?, targetUrl, operations?, description?, secret?</c>).</summary>
    internal WebhookRegistration Create(JsonObject input)
    {
        var targetUrl = Str(input["targetUrl"]);
        ValidateUrl(targetUrl);
        var now = _time.GetUtcNow();
        var id = Str(input["id"]) is { } idText && Guid.TryParse(idText, out var given) ? given : Guid.NewGuid();
        var registration = new WebhookRegistration
        {
            Id = id,
            TargetUrl = targetUrl!,
            Operations = ReadOperations(input["operations"]) ?? ["*.*"],
            Description = Str(input["description"]),
            Secret = Str(input["secret"]) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now,
            UpdatedAt = now,
        };
        lock (_gate)
        {
            if (_registrations.Any(r => r.Id == id))
            {
                throw new WebhookInputException("Webhook already exists");
            }

            _registrations.Add(registration);
        }

        RegistrationsChanged?.Invoke();
        return registration;
    }

    /// <summary>Finds a webhook.</summary>
    internal WebhookRegistration? Find(Guid id)
    {
        lock (_gate)
        {
            return _registrations.FirstOrDefault(r => r.Id == id);
        }
    }

    /// <summary>Applies a partial update; null when the webhook does not exist.</summary>
    internal WebhookRegistration? Update(Guid id, JsonObject update)
    {
        lock (_gate)
        {
            var index = _registrations.FindIndex(r => r.Id == id);
            if (index < 0)
            {
                return null;
            }

            var current = _registrations[index];
            var targetUrl = update.ContainsKey("targetUrl") ? Str(update["targetUrl"]) : current.TargetUrl;
            ValidateUrl(targetUrl);
            var next = current with
            {
                TargetUrl = targetUrl!,
                Operations = update.ContainsKey("operations") ? ReadOperations(update["operations"]) ?? ["*.*"] : current.Operations,
                Description = update.ContainsKey("description") ? Str(update["description"]) : current.Description,
                Secret = update.ContainsKey("secret") ? Str(update["secret"]) ?? string.Empty : current.Secret,
                UpdatedAt = _time.GetUtcNow(),
            };
            _registrations[index] = next;
            return next;
        }
    }

    /// <summary>Removes a webhook; null when it does not exist.</summary>
    internal WebhookRegistration? Delete(Guid id)
    {
        WebhookRegistration? found;
        lock (_gate)
        {
            found = _registrations.FirstOrDefault(r => r.Id == id);
            if (found is not null)
            {
                _registrations.Remove(found);
            }
        }

        RegistrationsChanged?.Invoke();
        return found;
    }

    /// <summary>
    /// Queues the deliveries for a batch of record changes: one call per (webhook × event), webhooks outer,
    /// events inner, as Twenty fans out a batch.
    /// </summary>
    internal void Publish(IReadOnlyList<WebhookEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var eventDate = _time.GetUtcNow();
            foreach (var webhook in _registrations)
            {
                foreach (var change in events)
                {
                    if (!webhook.Matches(change.ObjectNameSingular, change.Action))
                    {
                        continue;
                    }

                    var body = WebhookPayload.Serialize(WebhookPayload.Build(webhook, change, _workspaceId, eventDate));
                    var target = webhook;
                    var previous = _tail;
                    _tail = previous.ContinueWith(
                        _ => DeliverAsync(target, change.EventName, body),
                        CancellationToken.None,
                        TaskContinuationOptions.None,
                        TaskScheduler.Default).Unwrap();
                }
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on the delivery chain (after what is already queued; <see cref="WhenIdleAsync"/> waits for it).</summary>
    internal void Defer(Action action)
    {
        lock (_gate)
        {
            _tail = _tail.ContinueWith(_ => action(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task DeliverAsync(WebhookRegistration webhook, string eventName, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
        };
        if (!string.IsNullOrEmpty(webhook.Secret))
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers[WebhookSignature.TimestampHeader] = timestamp;
            headers[WebhookSignature.SignatureHeader] = WebhookSignature.Compute(webhook.Secret, timestamp, body);
            headers[WebhookSignature.NonceHeader] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        int? status = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.TargetUrl)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Content.Headers.ContentType!.CharSet = null;
            foreach (var (name, value) in headers)
            {
                if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var timeout = new CancellationTokenSource(DeliveryTimeout);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException)
        {
            error = $"Timeout after {DeliveryTimeout.TotalMilliseconds} ms";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            error = ex.Message;
        }

        lock (_gate)
        {
            _deliveries.Add(new WebhookDelivery(webhook.Id, eventName, webhook.TargetUrl, headers, body, status, error));
        }
    }

    private static void ValidateUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new WebhookInputException("Invalid target URL provided");
        }
    }

    private static List<string>? ReadOperations(JsonNode? node) =>
        node is JsonArray array ? array.Select(o => Str(o)).Where(o => o is not null).Select(o => o!).ToList() : null;

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
