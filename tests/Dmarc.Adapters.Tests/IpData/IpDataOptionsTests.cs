using Dmarc.Adapters.IpData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Tests.IpData;

public sealed class IpDataOptionsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ipdata-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void A_folder_without_the_data_files_fails_at_start_naming_each_file_and_the_setup_command()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "asn"));
        File.WriteAllText(Path.Combine(_dir, IpDataOptions.Ipv4AsnFile), "1,2,3,A\n");

        var result = new IpDataOptionsValidator().Validate(null, new IpDataOptions { DataDirectory = _dir });

        Assert.True(result.Failed);
        Assert.Contains(Path.Combine(_dir, IpDataOptions.Ipv6AsnFile), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, IpDataOptions.CountryFile), result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine(_dir, IpDataOptions.Ipv4AsnFile), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("scripts/install-ipdata.sh", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_with_a_wrong_data_directory_does_not_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["IpData:DataDirectory"] = _dir }).Build();
        using var provider = new ServiceCollection().AddLogging().AddIpData(configuration).BuildServiceProvider();

        // What the host runs at start for ValidateOnStart.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("IP data: missing " + Path.Combine(_dir, IpDataOptions.Ipv4AsnFile), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_the_folder_is_the_install_folder_at_or_above_the_app()
    {
        var app = Directory.CreateDirectory(Path.Combine(_dir, "functions", "bin")).FullName;
        Assert.Null(IpDataOptions.Resolve(null, app));

        var install = Directory.CreateDirectory(Path.Combine(_dir, IpDataOptions.InstallFolder)).FullName;

        Assert.Equal(install, IpDataOptions.Resolve(null, app));
        Assert.Equal(install, IpDataOptions.Resolve(" ", app));
        Assert.Equal(Path.GetFullPath("elsewhere"), IpDataOptions.Resolve("elsewhere", app));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
