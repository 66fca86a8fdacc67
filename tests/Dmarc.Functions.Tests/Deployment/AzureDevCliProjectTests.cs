using System.Text.RegularExpressions;
using Dmarc.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Dmarc.Functions.Tests.Deployment;

/// <summary>
/// azure.yaml, the Azure Developer CLI project `azd up` reads: it provisions infra/main.bicep and its
/// postprovision hook deploys the package scripts/publish.sh makes, at the path publish.sh makes it by default.
/// </summary>
public sealed partial class AzureDevCliProjectTests
{
    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(current);
            Assert.True(mapping.Children.TryGetValue(new YamlScalarNode(key), out current!), $"azure.yaml has no {string.Join('.', path)}");
        }
        return Assert.IsType<YamlScalarNode>(current).Value!;
    }

    [Fact]
    public void Azure_yaml_provisions_the_bicep_entry_point()
    {
        var project = Load();
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", Scalar(project, "name"));
        Assert.Equal("bicep", Scalar(project, "infra", "provider"));
        var entryPoint = Path.Combine(Scalar(project, "infra", "path"), Scalar(project, "infra", "module") + ".bicep");
        Assert.Equal(Path.Combine("infra", "main.bicep"), entryPoint);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, entryPoint)));
        // azd reads <module>.parameters.json beside the entry point.
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "infra", "main.parameters.json")));
    }

    [Fact]
    public void Azure_yaml_deploys_the_package_the_publish_script_makes()
    {
        var run = Scalar(Load(), "hooks", "postprovision", "posix", "run");
        Assert.StartsWith("scripts/deploy.sh \"$AZURE_RESOURCE_GROUP\" ", run, StringComparison.Ordinal);
        var package = PackageArgument().Match(run);
        Assert.True(package.Success, $"the hook names no --package: {run}");

        var publish = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "publish.sh"));
        var defaultOut = PublishDefault().Match(publish);
        Assert.True(defaultOut.Success, "scripts/publish.sh has no default package path");
        Assert.Equal(defaultOut.Groups["path"].Value, package.Groups["path"].Value);
        Assert.Equal(".run/package/dmarc-functions.zip", package.Groups["path"].Value);

        // deploy.sh hands that path to publish.sh and uploads what publish.sh made.
        var deploy = File.ReadAllText(Path.Combine(RepoPaths.Root, "scripts", "deploy.sh"));
        Assert.Contains("--package) PACKAGE_ZIP=(", deploy, StringComparison.Ordinal);
        Assert.Contains("ZIP=\"$(\"$ROOT/scripts/publish.sh\" \"${PACKAGE_ZIP[@]}\")\"", deploy, StringComparison.Ordinal);
        Assert.Contains("-f \"$ZIP\"", deploy, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"--package (?<path>\S+)")]
    private static partial Regex PackageArgument();

    [GeneratedRegex(@"OUT=""\$\{1:-\$ROOT/(?<path>[^}""]+)\}""")]
    private static partial Regex PublishDefault();
}
