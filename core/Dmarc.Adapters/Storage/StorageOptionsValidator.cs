using Microsoft.Extensions.Options;

namespace Dmarc.Adapters.Storage;

/// <summary>Checks the storage settings at start, with messages that say which setting to fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var uris = new (string Setting, Uri? Value)[]
        {
            ("Storage:BlobServiceUri", options.BlobServiceUri),
            ("Storage:TableServiceUri", options.TableServiceUri),
            ("Storage:QueueServiceUri", options.QueueServiceUri),
        };

        if (options.Credential is { Length: > 0 } credential && !string.Equals(credential, StorageOptions.ManagedIdentity, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Storage:Credential must be '{StorageOptions.ManagedIdentity}' or left out (DefaultAzureCredential), got '{credential}'.");
        }

        if (options.UsesConnectionString)
        {
            if (uris.Any(u => u.Value is not null))
            {
                failures.Add("Set either Storage:ConnectionString or the Storage:*ServiceUri settings, not both.");
            }
        }
        else
        {
            var missing = uris.Where(u => u.Value is null).Select(u => u.Setting).ToArray();
            if (missing.Length == uris.Length)
            {
                failures.Add("Storage is not configured: set Storage:ConnectionString (for example 'UseDevelopmentStorage=true' for Azurite) or Storage:BlobServiceUri, Storage:TableServiceUri and Storage:QueueServiceUri for a managed identity.");
            }
            else if (missing.Length > 0)
            {
                failures.Add($"Missing {string.Join(", ", missing)}: with managed identity all three service URIs are required.");
            }

            foreach (var (setting, value) in uris)
            {
                if (value is not null && (!value.IsAbsoluteUri || value.Scheme != Uri.UriSchemeHttps))
                {
                    failures.Add($"{setting} must be an absolute https URI, got '{value}'.");
                }
            }
        }

        if (!string.IsNullOrEmpty(options.ResourcePrefix)
            && (options.ResourcePrefix.Length > 20 || !char.IsAsciiLetterLower(options.ResourcePrefix[0])
                || !options.ResourcePrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            failures.Add("Storage:ResourcePrefix may hold only lower-case letters and digits, start with a letter, and be at most 20 characters long.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Storage:MaxRetries must be between 0 and 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
