using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>
/// A small FTP client (RFC 959, passive mode per RFC 2428/959): login, binary STOR, RNFR/RNTO, DELE, QUIT.
/// One control connection; one command at a time. Replies are parsed including multi-line ones
/// (<c>ddd-text</c> … <c>ddd text</c>).
/// </summary>
internal sealed class FtpClient : IAsyncDisposable
{
    private readonly TcpClient control;
    private readonly StreamReader reader;
    private readonly Stream stream;
    private readonly IPAddress address;

    private FtpClient(TcpClient control, IPAddress address)
    {
        this.control = control;
        this.address = address;
        stream = control.GetStream();
        reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
    }

    /// <summary>Connects, reads the greeting and logs in.</summary>
    public static async Task<FtpClient> ConnectAsync(string host, int port, string user, string password, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.First();
        var tcp = new TcpClient(address.AddressFamily) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(address, port, cancellationToken);
            var client = new FtpClient(tcp, address);
            await client.ExpectAsync(cancellationToken, 220);
            var reply = await client.CommandAsync("USER " + user, cancellationToken);
            if (reply.Code == 331)
            {
                reply = await client.CommandAsync("PASS " + password, cancellationToken);
            }

            Require(reply, "login", 230);
            Require(await client.CommandAsync("TYPE I", cancellationToken), "TYPE I", 200);
            return client;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Uploads bytes to a path (binary, passive mode), replacing any file of that name.</summary>
    public async Task StoreAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var data = await OpenDataAsync(cancellationToken);
        var reply = await CommandAsync("STOR " + path, cancellationToken);
        Require(reply, "STOR " + path, 125, 150);
        await using (var dataStream = data.GetStream())
        {
            await dataStream.WriteAsync(content, cancellationToken);
            await dataStream.FlushAsync(cancellationToken);
        }

        data.Close();
        Require(await ReadReplyAsync(cancellationToken), "STOR " + path, 226, 250);
    }

    /// <summary>Renames a file (RNFR then RNTO).</summary>
    public async Task RenameAsync(string from, string to, CancellationToken cancellationToken)
    {
        Require(await CommandAsync("RNFR " + from, cancellationToken), "RNFR " + from, 350);
        Require(await CommandAsync("RNTO " + to, cancellationToken), "RNTO " + to, 250);
    }

    /// <summary>Deletes a file; <see langword="false"/> when the server refused (e.g. it does not exist).</summary>
    public async Task<bool> TryDeleteAsync(string path, CancellationToken cancellationToken) =>
        (await CommandAsync("DELE " + path, cancellationToken)).Code == 250;

    /// <summary>Sends a command and reads its reply.</summary>
    public async Task<FtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        if (command.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An FTP command cannot contain a line break.", nameof(command));
        }

        var bytes = Encoding.UTF8.GetBytes(command + "\r\n");
        await stream.WriteAsync(bytes, cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    /// <summary>Reads one reply, single- or multi-line.</summary>
    public async Task<FtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var first = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The FTP server closed the connection.");
        if (!TryCode(first, out var code))
        {
            throw new IOException($"Malformed FTP reply: '{first}'.");
        }

        var text = new StringBuilder(first.Length > 4 ? first[4..] : string.Empty);
        if (first.Length > 3 && first[3] == '-')
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The FTP server closed the connection.");
                text.Append('\n').Append(line);
                if (line.Length >= 4 && line[3] == ' ' && TryCode(line, out var end) && end == code)
                {
                    break;
                }
            }
        }

        return new FtpReply(code, text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (control.Connected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await CommandAsync("QUIT", quit.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server went away first: nothing left to close politely.
        }

        reader.Dispose();
        control.Dispose();
    }

    /// <summary>Parses a 227 reply's <c>(h1,h2,h3,h4,p1,p2)</c>.</summary>
    internal static int ParsePasvPort(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.IndexOf(')', open + 1);
        var parts = (open >= 0 && close > open ? text[(open + 1)..close] : text).Split(',');
        if (parts.Length != 6)
        {
            throw new IOException($"Malformed PASV reply: '{text}'.");
        }

        return (int.Parse(parts[4].Trim(), CultureInfo.InvariantCulture) * 256) + int.Parse(parts[5].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a 229 reply's <c>(|||port|)</c>.</summary>
    internal static int ParseEpsvPort(string text)
    {
        var open = text.IndexOf("(|||", StringComparison.Ordinal);
        var close = text.IndexOf("|)", open + 4, StringComparison.Ordinal);
        return open < 0 || close < 0
            ? throw new IOException($"Malformed EPSV reply: '{text}'.")
            : int.Parse(text[(open + 4)..close], CultureInfo.InvariantCulture);
    }

    private static bool TryCode(string line, out int code)
    {
        code = 0;
        return line.Length >= 3 && char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2])
            && (line.Length == 3 || line[3] is ' ' or '-')
            && int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    private async Task<TcpClient> OpenDataAsync(CancellationToken cancellationToken)
    {
        // EPSV first (works on IPv6 and behind NAT); PASV when the server does not know it. The data
        // connection always goes to the control connection's address, never to one the server names.
        var reply = await CommandAsync("EPSV", cancellationToken);
        int port;
        if (reply.Code == 229)
        {
            port = ParseEpsvPort(reply.Text);
        }
        else
        {
            reply = await CommandAsync("PASV", cancellationToken);
            Require(reply, "PASV", 227);
            port = ParsePasvPort(reply.Text);
        }

        var data = new TcpClient(address.AddressFamily) { NoDelay = true };
        try
        {
            await data.ConnectAsync(address, port, cancellationToken);
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private async Task ExpectAsync(CancellationToken cancellationToken, params int[] codes) =>
        Require(await ReadReplyAsync(cancellationToken), "greeting", codes);

    private static void Require(FtpReply reply, string what, params int[] codes)
    {
        if (!codes.Contains(reply.Code))
        {
            throw new FtpException(reply.Code, $"FTP {what.Split(' ')[0]} failed: {reply.Code} {reply.Text}");
        }
    }
}

/// <summary>An FTP reply.</summary>
/// <param name="Code">The three-digit code.</param>
/// <param name="Text">The text, lines joined by <c>\n</c>.</param>
internal sealed record FtpReply(int Code, string Text);

/// <summary>The FTP server answered with an unexpected code.</summary>
internal sealed class FtpException : IOException
{
    public FtpException(int code, string message)
        : base(message) => Code = code;

    /// <summary>The reply code; 5xx is a permanent refusal, 4xx a transient one.</summary>
    public int Code { get; }
}
