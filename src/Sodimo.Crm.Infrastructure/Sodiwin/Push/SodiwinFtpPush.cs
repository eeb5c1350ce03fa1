using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>
/// The FTP fallback: uploads the order as a CSV file (<see cref="SodiwinOrderCsv"/>) under a temporary
/// name (<c>.name.part</c>) and renames it when complete, so Sodiwin never reads half a file. The name is
/// derived from the idempotency key: a retry overwrites the same file and never makes a second order.
/// </summary>
internal sealed class SodiwinFtpPush : ISodiwinPush
{
    private readonly IOptionsMonitor<SodimoSodiwinPushOptions> options;

    public SodiwinFtpPush(IOptionsMonitor<SodimoSodiwinPushOptions> options) => this.options = options;

    public async Task<SodiwinPushResult> PushAsync(SodiwinOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.FtpHost))
        {
            throw new InvalidOperationException($"{SodimoSodiwinPushOptions.SectionName}:FtpHost is not set.");
        }

        var directory = settings.FtpDirectory.TrimEnd('/');
        var name = SodiwinOrderCsv.FileName(order);
        var final = directory.Length == 0 ? name : directory + "/" + name;
        var temporary = directory.Length == 0 ? "." + name + ".part" : directory + "/." + name + ".part";
        var content = SodiwinOrderCsv.Write(order);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            await using var ftp = await FtpClient.ConnectAsync(
                settings.FtpHost, settings.FtpPort, settings.FtpUser ?? "anonymous", settings.FtpPassword ?? string.Empty, timeout.Token);
            await ftp.StoreAsync(temporary, content, timeout.Token);
            await ftp.TryDeleteAsync(final, timeout.Token); // some servers refuse RNTO onto an existing file
            await ftp.RenameAsync(temporary, final, timeout.Token);
            return new SodiwinPushResult(null, final);
        }
        catch (FtpException ex) when (ex.Code is >= 500 and < 600 && ex.Code != 530)
        {
            throw new SodiwinRejectedException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SodiwinUnavailableException($"Sodiwin's FTP drop at {settings.FtpHost}:{settings.FtpPort} failed: {ex.Message}", ex);
        }
    }
}
