using Microsoft.Extensions.Options;

namespace Dmarc.Core.Senders;

/// <summary>Section <c>SenderLookup</c>: how source IPs are looked up and how long the answers are kept.</summary>
public sealed class SenderLookupOptions
{
    public const string Section = "SenderLookup";

    /// <summary>How long a reverse lookup is reused before it is made again.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a failed lookup (timeout, server failure) is reused: shorter, so it is tried again soon.</summary>
    public TimeSpan FailureTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lookups running at once per batch.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The longest one IP's lookups (PTR and its forward confirmation) may take together.</summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>IPs per queue message.</summary>
    public int BatchSize { get; set; } = 250;
}

public sealed class SenderLookupOptionsValidator : IValidateOptions<SenderLookupOptions>
{
    public ValidateOptionsResult Validate(string? name, SenderLookupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CacheTtl <= TimeSpan.Zero || options.FailureTtl <= TimeSpan.Zero)
        {
            failures.Add("SenderLookup:CacheTtl and SenderLookup:FailureTtl must be positive.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            failures.Add("SenderLookup:MaxConcurrency must be 1..64.");
        }

        if (options.LookupTimeout <= TimeSpan.Zero || options.LookupTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("SenderLookup:LookupTimeout must be positive and at most a minute.");
        }

        if (options.BatchSize is < 1 or > SenderLookupBatch.MaxIps)
        {
            failures.Add($"SenderLookup:BatchSize must be 1..{SenderLookupBatch.MaxIps}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
