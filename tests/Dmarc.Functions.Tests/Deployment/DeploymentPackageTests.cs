using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Deployment;

/// <summary>
/// The deployment zip holds a self-contained linux-x64 handler, host.json and every function.json, and
/// the packaged app starts with exactly the app settings of the compiled template (secrets, the
/// storage connection and platform values replaced by local ones) and answers /api/health.
/// </summary>
public sealed class DeploymentPackageTests(DeploymentPackage package) : IClassFixture<DeploymentPackage>
{
    /// <summary>Local values for the settings whose template value Azure computes (a reference, a Key Vault secret, a platform value).</summary>
    private static readonly Dictionary<string, string> LocalValues = new(StringComparer.Ordinal)
    {
        ["WEBSITE_RUN_FROM_PACKAGE"] = "1",
        ["WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID"] = "",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "",
        ["Api__AdminKey"] = "local-admin-key-" + Guid.NewGuid().ToString("N"),
        ["Onboarding__SigningKey"] = "local-signing-key-" + Guid.NewGuid().ToString("N"),
        ["Email__SmtpPort"] = "1025",
        ["Email__Password"] = "local-smtp-password",
        ["DomainStatus__NameServers__0"] = "ns1.dmarc-monitor.example",
        ["DomainStatus__NameServers__1"] = "ns2.dmarc-monitor.example",
        ["DomainStatus__NameServers__2"] = "",
        ["DomainStatus__NameServers__3"] = "",
        ["PowerDns__ApiKey"] = "local-pdns-api-key",
        ["ImapMailbox__Password"] = "",
        ["InboundMail__Secret"] = "",
    };

    [Fact]
    public async Task The_zip_holds_the_self_contained_handler_host_json_and_every_function_json()
    {
        using var zip = await ZipFile.OpenReadAsync(package.Zip);
        var entries = zip.Entries.ToDictionary(e => e.FullName.Replace('\\', '/'), StringComparer.Ordinal);

        var handler = entries["Dmarc.Functions"];
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            (UnixFileMode)((handler.ExternalAttributes >> 16) & 0x1FF));
        Assert.Contains("libcoreclr.so", entries.Keys); // the runtime travels with the handler
        Assert.Contains("libhostfxr.so", entries.Keys);
        Assert.Contains("host.json", entries.Keys);
        Assert.DoesNotContain("appsettings.Development.json", entries.Keys);
        Assert.Contains("ipdata/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb", entries.Keys);
        var source = FunctionCatalog.Load(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions"));
        Assert.NotEmpty(source);
        foreach (var function in source)
        {
            var entry = entries[$"{function.Name}/function.json"];
            using var reader = new StreamReader(await entry.OpenAsync());
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", function.Name, "function.json")), await reader.ReadToEndAsync());
        }

        Assert.Equal(source.Count, entries.Keys.Count(k => k.EndsWith("/function.json", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_packaged_app_starts_with_the_template_settings_and_answers_health()
    {
        var template = await BicepTemplate.LoadAsync();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var computed = new List<string>();
        foreach (var (name, value) in template.AppSettings())
        {
            if (name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal) || name.StartsWith("Storage__", StringComparison.Ordinal))
            {
                continue; // the identity-based storage connection: replaced by Azurite below
            }

            if (!value.StartsWith('['))
            {
                settings[name] = value;
            }
            else if (template.ParameterValue(value) is { } parameter)
            {
                settings[name] = parameter;
            }
            else
            {
                computed.Add(name);
                settings[name] = LocalValues.TryGetValue(name, out var local) ? local : throw new InvalidOperationException($"{name} has no local value: add it to LocalValues");
            }
        }

        Assert.Equal(LocalValues.Keys.Order(StringComparer.Ordinal), computed.Order(StringComparer.Ordinal));
        var prefix = Azurite.NewPrefix();
        settings["Storage__ConnectionString"] = Azurite.ConnectionString;
        settings["Storage__ResourcePrefix"] = prefix;
        var port = FreePort();
        settings[LocalRunnerSetup.CustomHandlerPortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var info = new ProcessStartInfo(Path.Combine(package.Extracted, "Dmarc.Functions")) { WorkingDirectory = package.Extracted, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Clear(); // exactly the template's settings, nothing from this test run
        info.Environment["PATH"] = "/usr/bin:/bin";
        info.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        using var app = Process.Start(info)!;
        var output = app.StandardOutput.ReadToEndAsync();
        var error = app.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var status = await Eventually.GetAsync(
                async () => app.HasExited ? HttpStatusCode.Gone : await TryGetAsync(http),
                s => s is HttpStatusCode.OK or HttpStatusCode.Gone,
                TimeSpan.FromSeconds(90),
                "the packaged app to answer /api/health");
            if (status != HttpStatusCode.OK)
            {
                // The output is complete only once the app has exited, as it has here.
                Assert.Fail($"the app stopped:\n{await output}\n{await error}");
            }
        }
        finally
        {
            try
            {
                app.Kill(); // the handler starts no child processes
            }
            catch (InvalidOperationException)
            {
                // Exited already.
            }

            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.WaitForExitAsync(stopped.Token);
            await AzuriteCleanup.DeletePrefixedAsync(prefix);
        }
    }

    private static async Task<HttpStatusCode> TryGetAsync(HttpClient http)
    {
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var status = (await http.GetAsync(new Uri("api/health", UriKind.Relative), attempt.Token)).StatusCode;
            return status;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return HttpStatusCode.ServiceUnavailable; // not listening yet, or not answering yet
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
