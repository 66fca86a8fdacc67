using System.Diagnostics;
using Xunit;

namespace Dmarc.Tests.Shared;

/// <summary>Runs a command to its end and returns its output; a non-zero exit fails the test with both streams.</summary>
internal static class CommandLine
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        return await output;
    }
}
