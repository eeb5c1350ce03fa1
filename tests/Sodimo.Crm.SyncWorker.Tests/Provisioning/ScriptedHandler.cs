using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.SyncWorker.Tests.Provisioning;

/// <summary>An HTTP handler that records each request and answers from a script.</summary>
internal sealed class ScriptedHandler(Func<RecordedRequest, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<RecordedRequest> Requests { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Data(JsonObject data) =>
        Json(HttpStatusCode.OK, new JsonObject { ["data"] = data }.ToJsonString());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);
        Requests.Add(recorded);
        return answer(recorded);
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, string? Authorization, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Query => Json["query"]!.GetValue<string>();

    public JsonObject Variables => Json["variables"]!.AsObject();
}
