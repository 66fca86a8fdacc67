using System.Diagnostics;
using System.Text.Json;
using Dmarc.Adapters.IpData;
using Dmarc.Functions.Hosting;
using Dmarc.Functions.LocalRunner;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>The published folder is a complete Functions app, and function.json files match the handlers.</summary>
public sealed class PublishedAppTests : IAsyncLifetime
{
    private readonly string _publishDir = Path.Combine(Path.GetTempPath(), "dmarc-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        // Publish what the test run already built (Debug or Release, as this assembly was built).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var project = Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", "Dmarc.Functions.csproj");
        var info = new ProcessStartInfo("dotnet", ["publish", project, "-c", configuration, "--no-build", "-nologo", "-o", _publishDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await error}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_publishDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Host_json_names_the_custom_handler_and_the_v4_bundle()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_publishDir, "host.json")));
        var root = host.RootElement;
        var handler = root.GetProperty("customHandler");

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.StartsWith("[4.", root.GetProperty("extensionBundle").GetProperty("version").GetString(), StringComparison.Ordinal);

        var executable = Path.Combine(_publishDir, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!);
        Assert.True(File.Exists(executable), $"{executable} is missing from the published folder");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        }
    }

    [Fact]
    public void The_ip_data_ships_beside_the_executable_where_the_app_finds_it_unconfigured()
    {
        var directory = IpDataOptions.Resolve(null, _publishDir) ?? throw new DirectoryNotFoundException("no IP data in " + _publishDir);

        Assert.Equal(Path.Combine(_publishDir, IpDataOptions.InstallFolder), directory);
        Assert.True(new IpDataOptionsValidator().Validate(null, new IpDataOptions { DataDirectory = directory }).Succeeded);
        Assert.True(File.Exists(Path.Combine(directory, "asn", "DBIP-LICENSE")), "the attribution files ship with the data");
    }

    [Fact]
    public void The_development_settings_with_their_public_keys_are_not_published()
    {
        Assert.True(File.Exists(Path.Combine(_publishDir, "appsettings.json")));
        Assert.False(File.Exists(Path.Combine(_publishDir, "appsettings.Development.json")), "appsettings.Development.json ships in the published app");
    }

    [Fact]
    public void Every_function_folder_is_published_with_its_function_json()
    {
        var source = FunctionCatalog.Load(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions"));
        var published = FunctionCatalog.Load(_publishDir);

        Assert.Equal(source.Select(f => JsonSerializer.Serialize(f)), published.Select(f => JsonSerializer.Serialize(f)));
        Assert.Equal(
            [
                "AddDomain", "AddUser", "AdvanceEnforcement", "ApproveAccessRequest", "ApproveSender", "ChangeEnforcement", "CheckAlertRecords", "ClassifySenders", "ConfirmAccessRequest", "ConfirmSignup", "CreateAccount", "CreateAlert",
                "CreateZone", "DeclineAccessRequest", "DeleteAlert", "DenySender", "DisableDomainMonitoring", "DisableMonitoring", "EnableMonitoring", "EvaluateAlerts", "GetAccount", "GetChart", "GetDomainStatus", "GetEnforcement",
                "GetExecutiveReport", "GetOverview", "GetPipelineStatus", "GetRates", "GetReport", "GetTask", "Health", "ImportZoneFile", "IngestReport", "IssueKey", "ListActivity", "ListAdminActivity", "ListAlerts", "ListAudit",
                "ListAuthorizations", "ListDomainStatuses", "ListDomains", "ListExecutiveReports", "ListKeys", "ListNotifications", "ListPoisonMessages", "ListQuarantine", "ListRecordSets", "ListReports", "ListSenders", "ListUnclaimed",
                "ListUsers", "ListZones",
                "OpenApi", "ProcessZone", "PullMailbox", "PutRecordSet", "QuarantineFailedBlob", "ReceiveMail", "ReclassifySenders", "RemoveDomain", "RemoveUser", "RepairRecord", "ReprocessArchive", "RequestAccess",
                "ResumeTasks", "RetryPoisonMessage", "RetryQuarantined", "RevokeKey", "RollupTimer", "RotateKey", "SendExecutiveReports", "SendOutbox", "SetAccountSecurity", "SetDomainMode", "SetUserMfa", "SignUp", "StartEnforcement", "StartReprocess", "VerifyDomain",
            ],
            published.Select(f => f.Name));
    }

    [Fact]
    public async Task Every_function_json_has_a_handler_and_every_trigger_handler_has_a_function_json()
    {
        await using var app = new DmarcAppFactory();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        var functions = FunctionCatalog.Load(_publishDir);

        foreach (var function in functions.Where(f => f.Trigger.IsHttp))
        {
            var template = FunctionEndpoints.ApiPrefix + "/" + function.Trigger.Route;
            Assert.True(
                endpoints.Any(e => e.RoutePattern.RawText == template
                    && function.Trigger.Methods.All(m => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains(m) == true)),
                $"{function.Name}: no handler for {string.Join(",", function.Trigger.Methods)} {template}");
        }

        foreach (var function in functions.Where(f => !f.Trigger.IsHttp))
        {
            Assert.Contains(endpoints, e => e.Metadata.GetMetadata<TriggerFunctionMetadata>()?.FunctionName == function.Name);
        }

        foreach (var trigger in endpoints.Select(e => e.Metadata.GetMetadata<TriggerFunctionMetadata>()).OfType<TriggerFunctionMetadata>())
        {
            var function = Assert.Single(functions, f => f.Name == trigger.FunctionName);
            Assert.False(function.Trigger.IsHttp, $"{trigger.FunctionName} is a trigger handler but its function.json declares an HTTP trigger");
        }
    }
}
