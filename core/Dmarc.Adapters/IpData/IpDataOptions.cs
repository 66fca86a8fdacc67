using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.IpData;

/// <summary>
/// Where the offline IP data is (section <c>IpData</c>): the folder holding the npm packages
/// <c>asn/</c> and <c>geo-whois-asn-country-mmdb/</c> of ip-location-db. Unset, it is the first
/// <c>ipdata/node_modules/@ip-location-db</c> at or above the app's folder, where the setup
/// scripts install it.
/// </summary>
public sealed class IpDataOptions
{
    public const string Section = "IpData";

    /// <summary>The command that installs the data (scripts/run.sh and scripts/test.sh run it too).</summary>
    public const string SetupCommand = "scripts/install-ipdata.sh";

    /// <summary>Where the setup installs the data, relative to the repository root.</summary>
    public static readonly string InstallFolder = Path.Combine("ipdata", "node_modules", "@ip-location-db");

    public static readonly string Ipv4AsnFile = Path.Combine("asn", "asn-ipv4-num.csv");

    public static readonly string Ipv6AsnFile = Path.Combine("asn", "asn-ipv6-num.csv");

    public static readonly string CountryFile = Path.Combine("geo-whois-asn-country-mmdb", "geo-whois-asn-country.mmdb");

    public string? DataDirectory { get; set; }

    /// <summary>The configured folder, or the install folder found at or above <paramref name="start"/>; null when neither.</summary>
    public static string? Resolve(string? configured, string start)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, InstallFolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Fills in the install folder when <c>IpData:DataDirectory</c> is not set.</summary>
public sealed class IpDataOptionsSetup : IPostConfigureOptions<IpDataOptions>
{
    public void PostConfigure(string? name, IpDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DataDirectory = IpDataOptions.Resolve(options.DataDirectory, AppContext.BaseDirectory);
    }
}

/// <summary>At start: every data file is there, or the error says which is missing and how to install it.</summary>
public sealed class IpDataOptionsValidator : IValidateOptions<IpDataOptions>
{
    public ValidateOptionsResult Validate(string? name, IpDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var install = $"install it with {IpDataOptions.SetupCommand} (scripts/run.sh and scripts/test.sh do), or point IpData:DataDirectory (IpData__DataDirectory) at the folder holding asn/ and geo-whois-asn-country-mmdb/.";
        if (options.DataDirectory is not { Length: > 0 } directory)
        {
            return ValidateOptionsResult.Fail(
                $"IP data: IpData:DataDirectory is not set and no {IpDataOptions.InstallFolder} was found at or above {AppContext.BaseDirectory}; {install}");
        }

        var missing = new[] { IpDataOptions.Ipv4AsnFile, IpDataOptions.Ipv6AsnFile, IpDataOptions.CountryFile }
            .Select(file => Path.Combine(directory, file))
            .Where(path => !File.Exists(path))
            .ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"IP data: missing {string.Join(", ", missing)}; {install}");
    }
}
