using Microsoft.Extensions.Options;

namespace Dmarc.Core.Onboarding;

/// <summary>Sign-up links (section <c>Onboarding</c>).</summary>
public sealed class OnboardingOptions
{
    public const string Section = "Onboarding";
    public const int MinSigningKeyLength = 32;

    /// <summary>The secret that signs confirmation links.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The page that receives the link's token and posts it to /api/signup/confirm.</summary>
    public Uri? ConfirmUrl { get; set; }

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The page that receives an access request's confirmation token and posts it to /api/access-requests/confirm; by default /access-requests/confirm next to <see cref="ConfirmUrl"/>.</summary>
    public Uri? AccessConfirmUrl { get; set; }

    /// <summary>Access requests one address may make per UTC day.</summary>
    public int MaxAccessRequestsPerRequester { get; set; } = 3;

    /// <summary>Access requests one domain may receive per UTC day.</summary>
    public int MaxAccessRequestsPerDomain { get; set; } = 10;

    public Uri AccessConfirmLink => AccessConfirmUrl ?? new Uri(ConfirmUrl!, "/access-requests/confirm");
}

public sealed class OnboardingOptionsValidator : IValidateOptions<OnboardingOptions>
{
    public ValidateOptionsResult Validate(string? name, OnboardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SigningKey.Trim().Length < OnboardingOptions.MinSigningKeyLength)
        {
            failures.Add($"Onboarding:SigningKey must be a random secret of at least {OnboardingOptions.MinSigningKeyLength} characters.");
        }

        if (options.ConfirmUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Onboarding:ConfirmUrl must be the absolute URL of the page that confirms sign-ups.");
        }

        if (options.AccessConfirmUrl is { IsAbsoluteUri: false })
        {
            failures.Add("Onboarding:AccessConfirmUrl must be an absolute URL.");
        }

        if (options.MaxAccessRequestsPerRequester <= 0 || options.MaxAccessRequestsPerDomain <= 0)
        {
            failures.Add("Onboarding:MaxAccessRequestsPerRequester and MaxAccessRequestsPerDomain must be positive.");
        }

        if (options.LinkLifetime <= TimeSpan.Zero)
        {
            failures.Add("Onboarding:LinkLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
