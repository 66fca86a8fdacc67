using System.Diagnostics;
using System.Net.Sockets;

namespace Dmarc.Tests.Shared;

/// <summary>
/// An Azurite of a test's own (from the repository's node_modules) on three free ports of
/// 127.0.0.1, keeping its data in a folder, so the test can stop it mid-operation and start it
/// again on the same data, as a storage outage would.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string _location = Path.Combine(Path.GetTempPath(), "dmarc-azurite-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port;
    private Process? _process;

    public AzuriteProcess(int port)
    {
        _port = port;
        Directory.CreateDirectory(_location);
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_port + 1}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{_port + 2}/devstoreaccount1;";

    /// <summary>Starts it (nothing when it is running) and waits until its ports answer.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var azurite = Path.Combine(RepoPaths.Root, "node_modules", ".bin", "azurite");
        _process = Process.Start(new ProcessStartInfo(azurite,
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--location", _location,
            "--blobHost", "127.0.0.1", "--blobPort", $"{_port}", "--queueHost", "127.0.0.1", "--queuePort", $"{_port + 1}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_port + 2}",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true }) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        foreach (var port in new[] { _port, _port + 1, _port + 2 })
        {
            await Eventually.GetAsync(() => Task.FromResult(IsOpen(port)), open => open, TimeSpan.FromSeconds(30), $"Azurite listening on 127.0.0.1:{port}");
        }
    }

    /// <summary>Stops it the way its operator would (TERM, which it answers by saving its data), and waits until its ports are closed.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        // Azurite closes once its open connections end, or at a second signal: signal again until it has gone.
        for (var signal = 0; signal < 5 && !_process.HasExited; signal++)
        {
            using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
            {
                await kill!.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                // Not yet: signal again.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_location, recursive: true);
    }

    private static bool IsOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
