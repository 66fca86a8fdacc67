using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Api;

/// <summary>Settings of the HTTP API.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const int MinAdminKeyLength = 24;

    /// <summary>The operator's key; it may create accounts and read any account.</summary>
    public string AdminKey { get; set; } = "";
}

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.AdminKey))
        {
            return ValidateOptionsResult.Fail("Api:AdminKey is required: set it to a random secret of at least 24 characters (environment variable Api__AdminKey).");
        }

        return options.AdminKey.Trim().Length < ApiOptions.MinAdminKeyLength
            ? ValidateOptionsResult.Fail($"Api:AdminKey must be at least {ApiOptions.MinAdminKeyLength} characters long.")
            : ValidateOptionsResult.Success;
    }
}
