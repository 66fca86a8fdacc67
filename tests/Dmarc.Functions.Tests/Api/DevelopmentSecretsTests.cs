using System.Text.Json;
using Dmarc.Functions.Api;
using Dmarc.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Dmarc.Core.Onboarding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Tests.Api;

public class DevelopmentSecretsTests
{
    [Theory]
    [InlineData("Api:AdminKey", "local-dev-admin-key-change-me-0123456789")]
    [InlineData("Onboarding:SigningKey", "local-dev-signing-key-change-me-0123456789abcdef")]
    public void Outside_development_the_public_development_keys_stop_the_app(string key, string value)
    {
        // The options as the app binds and validates them at start, in a Production environment.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DmarcAppFactory.BaseSettings("devkeys"))
            .AddInMemoryCollection([new(key, value)])
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" })
            .AddDevelopmentSecretsCheck();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.AddOptions<OnboardingOptions>().Bind(configuration.GetSection(OnboardingOptions.Section));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => key.StartsWith("Api", StringComparison.Ordinal)
            ? (object)provider.GetRequiredService<IOptions<ApiOptions>>().Value
            : provider.GetRequiredService<IOptions<OnboardingOptions>>().Value);

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
