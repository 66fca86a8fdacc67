using Azure;
using Dmarc.Adapters.Storage;

namespace Dmarc.Cli;

/// <summary>
/// migrate-keys [--connection S] [--prefix P]: moves rows stored before the one key encoding to
/// their new keys (see <see cref="TableKeyMigration"/>); safe to run again. Default: Azurite.
/// </summary>
public static class MigrateKeysCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = new StorageOptions { ConnectionString = Option(args, "--connection") ?? "UseDevelopmentStorage=true", ResourcePrefix = Option(args, "--prefix") ?? "" };
        try
        {
            var moved = await new TableKeyMigration(StorageClients.CreateTableService(options), new StorageNames(options.ResourcePrefix)).RunAsync();
            foreach (var (table, count) in moved)
            {
                stdout.WriteLine($"{options.ResourcePrefix}{table}: {count} rows moved to new keys");
            }

            return 0;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            stderr.WriteLine($"migrate-keys: {ex.Message.Split('\n')[0]}");
            return 1;
        }
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var at = args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }
}
