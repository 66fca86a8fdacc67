using System.Text.Json;
using Dmarc.Core.Reports;

namespace Dmarc.Cli;

/// <summary>
/// parse &lt;file|dir&gt;... [--json]: parses every file (directories recursively). With --json the
/// normalised reports go to stdout as one JSON array. The last stdout line is always
/// "reports: N, records: M, messages: K, failed: F"; each failure goes to stderr with its reason.
/// </summary>
public static class ParseCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var json = args.Contains("--json");
        var paths = args.Where(a => a != "--json").ToArray();
        if (paths.Length == 0)
        {
            stderr.WriteLine("usage: dmarc parse <file|dir>... [--json]");
            return 2;
        }

        var reports = new List<AggregateReport>();
        var failed = 0;
        foreach (var file in Files(paths, stderr, ref failed))
        {
            try
            {
                reports.AddRange(ReportParser.Parse(File.ReadAllBytes(file), source: Path.GetFileName(file)));
            }
            catch (ReportFormatException ex)
            {
                failed++;
                stderr.WriteLine($"{file}: {ex.Message}");
            }
        }

        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(reports.Select(ReportJson.From), Json));
        }

        stdout.WriteLine($"reports: {reports.Count}, records: {reports.Sum(r => r.Records.Count)}, messages: {reports.Sum(r => r.Messages)}, failed: {failed}");
        return failed == 0 ? 0 : 1;
    }

    private static List<string> Files(string[] paths, TextWriter stderr, ref int failed)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                failed++;
                stderr.WriteLine($"{path}: no such file or directory");
            }
        }

        return files;
    }
}
