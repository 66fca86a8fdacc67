using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dmarc.Tests.Shared;

namespace Dmarc.Functions.Tests.Layout;

/// <summary>What the README promises a newcomer on their own machine.</summary>
public sealed partial class NewcomerTests : IAsyncLifetime
{
    private readonly DmarcAppFactory _app = new();

    public NewcomerTests() => _app.UseKestrel(0);

    public Task InitializeAsync()
    {
        _app.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_demo_seed_prints_the_lines_the_readme_says_to_copy_and_they_work()
    {
        // The README's demo block: "export KEY=dmk_...   # printed by the script" and "ACCOUNT=acc_...      # printed by the script".
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        var promised = PrintedLine().Matches(readme).Select(m => (Name: m.Groups["name"].Value, Prefix: m.Groups["prefix"].Value)).ToArray();
        Assert.Equal(["export KEY", "ACCOUNT"], promised.Select(p => p.Name));

        var output = await RunAsync("scripts/seed-demo.sh", _app.CreateClient().BaseAddress!.ToString().TrimEnd('/'), DmarcAppFactory.AdminKey);

        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var values = promised.ToDictionary(p => p.Name, p => Assert.Single(lines, l => l.StartsWith(p.Name + "=" + p.Prefix, StringComparison.Ordinal))[(p.Name.Length + 1)..]);
        var key = values["export KEY"];
        var account = values["ACCOUNT"];
        var zones = await _app.CreateClientWith(key).GetFromJsonAsync<JsonElement[]>($"/api/accounts/{account}/zones");
        Assert.Equal(36, zones!.Length);
    }

    [Fact]
    public async Task The_reporting_link_of_the_development_settings_answers_on_the_local_app()
    {
        using var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", "appsettings.Development.json")));
        var link = new Uri(settings.RootElement.GetProperty("Monitoring").GetProperty("ReportingUiUrl").GetString()!);
        Assert.Equal(("127.0.0.1", 7071), (link.Host, link.Port));
        var created = await (await _app.CreateAdminClient().PostAsJsonAsync("/api/accounts",
            new { name = "Contoso", ownerEmails = new[] { "owner@contoso.example" }, edition = "Monitor" })).Content.ReadFromJsonAsync<JsonElement>();

        var owner = await _app.CreateClientWith(created.GetProperty("apiKey").GetString()!).GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        var anonymous = await _app.CreateClient().GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    [GeneratedRegex(@"^(?<name>export KEY|ACCOUNT)=(?<prefix>[a-z]+_)\.\.\.\s+# printed by the script$", RegexOptions.Multiline)]
    private static partial Regex PrintedLine();
}
