using System.IO.Compression;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Deployment;

/// <summary>The package scripts/publish.sh makes, built once for the test class (in its own artifacts folder) and extracted.</summary>
public sealed class DeploymentPackage : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dmarc-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Zip => Path.Combine(_root, "dmarc-functions.zip");

    public string Extracted => Path.Combine(_root, "app");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        await CommandLine.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "publish.sh"), Zip], RepoPaths.Root);
        await ZipFile.ExtractToDirectoryAsync(Zip, Extracted);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
