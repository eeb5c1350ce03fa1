using Sodimo.Crm.WebhookApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddSodimoWebhookApi();
var app = builder.Build();
app.MapSodimoWebhookApi();
app.Run();
