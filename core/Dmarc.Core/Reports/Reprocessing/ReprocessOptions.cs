using Microsoft.Extensions.Options;

namespace Dmarc.Core.Reports.Reprocessing;

/// <summary>Section <c>Reprocess</c>: how much of the archive one queue message of a reprocess run takes on.</summary>
public sealed class ReprocessOptions
{
    public const string Section = "Reprocess";

    /// <summary>Archived documents per page (per queue message): small enough to finish well inside a function's timeout.</summary>
    public int PageSize { get; set; } = 50;
}

public sealed class ReprocessOptionsValidator : IValidateOptions<ReprocessOptions>
{
    public ValidateOptionsResult Validate(string? name, ReprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PageSize is >= 1 and <= 5000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Reprocess:PageSize must be 1 to 5000 (the Blob service lists at most 5000 per page); it is {options.PageSize}.");
    }
}
