using Dmarc.Core.Onboarding;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Api;

/// <summary>
/// The secrets of appsettings.Development.json are public (they are in the repository): outside
/// the Development environment the app refuses to start with any of them. The file itself is left
/// out of the published app.
/// </summary>
public static class DevelopmentSecrets
{
    /// <summary>Every secret in appsettings.Development.json (a test keeps the two in step).</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "local-dev-admin-key-change-me-0123456789",
        "local-dev-signing-key-change-me-0123456789abcdef",
    };

    public static bool IsKnown(string? value) => value is not null && Known.Contains(value.Trim());

    public static IServiceCollection AddDevelopmentSecretsCheck(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiKeyCheck>();
        services.AddSingleton<IValidateOptions<OnboardingOptions>, SigningKeyCheck>();
        return services;
    }

    private static ValidateOptionsResult Check(IHostEnvironment environment, string setting, string? value) =>
        !environment.IsDevelopment() && IsKnown(value)
            ? ValidateOptionsResult.Fail($"{setting} is the public development value from appsettings.Development.json; outside Development set it to a secret of your own (in Azure it comes from Key Vault).")
            : ValidateOptionsResult.Success;

    private sealed class ApiKeyCheck(IHostEnvironment environment) : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options) => Check(environment, "Api:AdminKey", options?.AdminKey);
    }

    private sealed class SigningKeyCheck(IHostEnvironment environment) : IValidateOptions<OnboardingOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnboardingOptions options) => Check(environment, "Onboarding:SigningKey", options?.SigningKey);
    }
}
