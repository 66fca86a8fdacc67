using Azure;
using Azure.Storage.Blobs;

namespace Dmarc.Cli;

/// <summary>
/// drop &lt;file&gt;... [--connection S] [--container C]: uploads report files (or .eml messages) into
/// the inbound container, where the function app picks them up. Defaults: Azurite and "inbound".
/// </summary>
public static class DropCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var connection = Option(args, "--connection") ?? "UseDevelopmentStorage=true";
        var container = Option(args, "--container") ?? "inbound";
        var files = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
        if (files.Length == 0)
        {
            stderr.WriteLine("usage: dmarc drop <file>... [--connection <storage connection string>] [--container inbound]");
            return 2;
        }

        var client = new BlobContainerClient(connection, container);
        var failed = 0;
        foreach (var file in files)
        {
            var name = $"{DateTime.UtcNow:yyyy/MM/dd}/{Guid.NewGuid():N}-{Path.GetFileName(file)}";
            try
            {
                await client.CreateIfNotExistsAsync();
                await client.UploadBlobAsync(name, File.OpenRead(file));
                stdout.WriteLine($"{file} -> {container}/{name}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or RequestFailedException or AggregateException)
            {
                failed++;
                stderr.WriteLine($"{file}: {ex.Message.Split('\n')[0]}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }
}
