using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>
/// The API adapter: <c>POST {ApiBaseUrl}orders</c> with an <c>Idempotency-Key</c> header and the body of
/// docs/sodiwin-push.md; 200/201 answers <c>{"numeroCommande": …}</c>. 408, 429, 5xx and network errors are
/// <see cref="SodiwinUnavailableException"/> (retried); other 4xx are <see cref="SodiwinRejectedException"/>.
/// </summary>
internal sealed class SodiwinHttpPush : ISodiwinPush
{
    /// <summary>The path of the orders resource, relative to the base address.</summary>
    public const string OrdersPath = "orders";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient http;

    public SodiwinHttpPush(HttpClient http) => this.http = http;

    public async Task<SodiwinPushResult> PushAsync(SodiwinOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var body = new SodiwinOrderRequest(
            order.IdempotencyKey,
            SodiwinOrderCsv.DocumentName(order.Kind),
            order.ClientCode,
            order.DealId,
            order.DealName,
            order.Stage,
            order.Amount,
            order.Currency,
            order.NumeroCommande);
        using var request = new HttpRequestMessage(HttpMethod.Post, OrdersPath) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SodiwinUnavailableException($"Sodiwin's API could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                SodiwinOrderResponse? answer;
                try
                {
                    answer = await response.Content.ReadFromJsonAsync<SodiwinOrderResponse>(Json, cancellationToken);
                }
                catch (JsonException ex)
                {
                    throw new SodiwinUnavailableException("Sodiwin's API answered with a body that is not the order JSON.", ex);
                }

                return new SodiwinPushResult(
                    string.IsNullOrWhiteSpace(answer?.NumeroCommande) ? null : answer.NumeroCommande,
                    new Uri(http.BaseAddress!, OrdersPath).ToString());
            }

            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            detail = detail.Length > 300 ? detail[..300] : detail;
            if (status is 408 or 429 || status >= 500)
            {
                throw new SodiwinUnavailableException($"Sodiwin's API answered {status}: {detail}");
            }

            throw response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden
                ? new SodiwinUnavailableException($"Sodiwin's API refused the credentials ({status}).")
                : new SodiwinRejectedException($"Sodiwin's API refused the order ({status}): {detail}");
        }
    }
}

/// <summary>The body of <c>POST /orders</c> (docs/sodiwin-push.md).</summary>
internal sealed record SodiwinOrderRequest(
    string IdempotencyKey,
    string Document,
    string? ClientCode,
    string DealId,
    string DealName,
    string Stage,
    decimal? Amount,
    string? Currency,
    string? NumeroCommande);

/// <summary>The answer of <c>POST /orders</c>.</summary>
internal sealed record SodiwinOrderResponse(string? NumeroCommande);
