// Sodimo.Crm.TwentyEmulator — runs a TwentyEmulator on a loopback port for sandboxes and manual checks.
// Usage: dotnet run --project hosts/Sodimo.Crm.TwentyEmulator -- [--port 3000] [--api-key dev-key]... [--no-rate-limit]
using System.Globalization;
using System.Runtime.InteropServices;
using Sodimo.Crm.Testing;

var port = 3000;
var keys = new List<string>();
var rateLimit = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--api-key" when i + 1 < args.Length:
            keys.Add(args[++i]);
            break;
        case "--no-rate-limit":
            rateLimit = false;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: --port <n> --api-key <key> [--no-rate-limit]");
            return 2;
    }
}

var options = new TwentyEmulatorOptions();
if (keys.Count > 0)
{
    options.ApiKeys.Clear();
    foreach (var k in keys) options.ApiKeys.Add(k);
}

options.RateLimit.Enabled = rateLimit;
await using var emulator = new TwentyEmulator(options);
await emulator.StartAsync(port);
Console.WriteLine(emulator.BaseAddress.ToString().TrimEnd('/'));

var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

// Ctrl+C (SIGINT) and SIGTERM stop the server cleanly.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

await emulator.StopAsync();
return 0;
