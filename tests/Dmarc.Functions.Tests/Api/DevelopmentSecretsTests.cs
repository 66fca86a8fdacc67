using System.Text.Json;
using Dmarc.Functions.Api;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Tests.Api;

public class DevelopmentSecretsTests
{
    [Theory]
    [InlineData("Api:AdminKey", "local-dev-admin-key-change-me-0123456789")]
    [InlineData("Onboarding:SigningKey", "local-dev-signing-key-change-me-0123456789abcdef")]
    public async Task Outside_development_the_public_development_keys_stop_the_app(string key, string value)
    {
        await using var app = new DmarcAppFactory(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains($"{key} is the public development value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_the_development_keys_are_accepted()
    {
        await using var app = new DmarcAppFactory(new()
        {
            ["Api:AdminKey"] = "local-dev-admin-key-change-me-0123456789",
            ["Onboarding:SigningKey"] = "local-dev-signing-key-change-me-0123456789abcdef",
        });
        using var development = app.WithWebHostBuilder(b => b.UseEnvironment("Development"));

        Assert.NotNull(development.Services);
    }

    [Fact]
    public void Every_secret_of_the_development_settings_is_known()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "functions", "Dmarc.Functions", "appsettings.Development.json")));
        var secrets = new[] { ("Api", "AdminKey"), ("Onboarding", "SigningKey") }
            .Select(s => settings.RootElement.GetProperty(s.Item1).GetProperty(s.Item2).GetString())
            .ToArray();

        Assert.All(secrets, s => Assert.True(DevelopmentSecrets.IsKnown(s), $"{s} is not in DevelopmentSecrets.Known"));
    }
}
