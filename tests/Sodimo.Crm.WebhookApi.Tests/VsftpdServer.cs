using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// A real vsftpd (Debian's package) on 127.0.0.1 with a generated config: anonymous off, one local user
/// whose root is a fresh temp directory, passive ports on loopback. Needs root (to create the user).
/// </summary>
internal sealed class VsftpdServer : IDisposable
{
    public const string Binary = "/usr/sbin/vsftpd";
    public const string User = "sodimoftp";
    public const string Password = "Ftp-Test-Passw0rd-7";

    private readonly Process process;
    private bool disposed;

    private VsftpdServer(Process process, string directory, int port)
    {
        this.process = process;
        Directory = directory;
        Port = port;
    }

    /// <summary>Why the server cannot run here, or <see langword="null"/>.</summary>
    public static string? Unavailable =>
        !File.Exists(Binary) ? "vsftpd is not installed (apt-get install -y vsftpd)"
        : Environment.UserName != "root" ? "vsftpd's test user needs root"
        : null;

    public string Directory { get; }

    public int Port { get; }

    public static VsftpdServer Start()
    {
        var root = System.IO.Directory.CreateTempSubdirectory("sodimo-vsftpd-").FullName;
        Run("/bin/chmod", $"755 {root}"); // the FTP user must be able to enter it
        var drop = Path.Combine(root, "drop");
        System.IO.Directory.CreateDirectory(drop);
        Run("/bin/sh", $"-c \"id {User} >/dev/null 2>&1 || useradd -M -d / -s /bin/bash {User}; usermod -d / {User}; echo '{User}:{Password}' | chpasswd; chown {User} '{drop}'\"");
        System.IO.Directory.CreateDirectory("/var/run/vsftpd/empty");
        var port = FreePort();
        var passive = FreePort();
        var config = Path.Combine(root, "vsftpd.conf");
        File.WriteAllText(config, $"""
            listen=YES
            listen_ipv6=NO
            listen_address=127.0.0.1
            listen_port={port}
            background=NO
            anonymous_enable=NO
            local_enable=YES
            write_enable=YES
            local_umask=022
            local_root={drop}
            chroot_local_user=NO
            pasv_enable=YES
            pasv_min_port={passive}
            pasv_max_port={passive + 20}
            pasv_address=127.0.0.1
            seccomp_sandbox=NO
            pam_service_name=vsftpd
            secure_chroot_dir=/var/run/vsftpd/empty
            xferlog_enable=NO

            """);
        var process = Process.Start(new ProcessStartInfo(Binary, config) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }
        }

        return new VsftpdServer(process, drop, port);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}

/// <summary>A fact that needs vsftpd: skipped when it cannot run, unless SODIMO_REQUIRE_SERVICES=1 (CI), where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VsftpdFactAttribute : FactAttribute
{
    public VsftpdFactAttribute()
    {
        if (VsftpdServer.Unavailable is { } reason && Environment.GetEnvironmentVariable("SODIMO_REQUIRE_SERVICES") != "1")
        {
            Skip = reason;
        }
    }
}
