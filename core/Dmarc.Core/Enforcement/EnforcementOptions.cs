using Microsoft.Extensions.Options;

namespace Dmarc.Core.Enforcement;

/// <summary>When a domain is ready for enforcement and how a staged plan moves (section <c>Enforcement</c>).</summary>
public sealed class EnforcementOptions
{
    public const string Section = "Enforcement";

    /// <summary>The days readiness looks at, ending yesterday (today's reports arrive tomorrow).</summary>
    public int PeriodDays { get; set; } = 14;

    /// <summary>How many of those days must have reports.</summary>
    public int MinDaysWithData { get; set; } = 10;

    /// <summary>How many messages the period must hold.</summary>
    public long MinMessages { get; set; } = 1_000;

    /// <summary>The largest share of the period's messages, in percent, that may come from senders neither approved nor denied, for quarantine.</summary>
    public double MaxUnreviewedPercent { get; set; } = 1.0;

    /// <summary>The same for reject, which hides what it stops: stricter by default.</summary>
    public double RejectMaxUnreviewedPercent { get; set; } = 0.5;

    /// <summary>The recent days (ending yesterday) on which an approved sender must still be Passing while a step is in force; below it, the plan steps back.</summary>
    public int StepBackDays { get; set; } = 3;

    /// <summary>The steps of a plan, weakest first: policy and percentage, comma separated.</summary>
    public string Steps { get; set; } = "quarantine:10,quarantine:25,quarantine:50,quarantine:100,reject";

    /// <summary>The least number of days a step stays in force before the next (0 for a demo).</summary>
    public int DwellDays { get; set; } = 7;

    public IReadOnlyList<PolicyStep> ParsedSteps => PolicyStep.ParseList(Steps, out _) ?? [];
}

public sealed class EnforcementOptionsValidator : IValidateOptions<EnforcementOptions>
{
    public ValidateOptionsResult Validate(string? name, EnforcementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PeriodDays is < 1 or > 30)
        {
            failures.Add($"Enforcement:PeriodDays must be 1 to 30, got {options.PeriodDays}.");
        }

        if (options.MinDaysWithData < 0 || options.MinDaysWithData > options.PeriodDays)
        {
            failures.Add($"Enforcement:MinDaysWithData must be 0 to Enforcement:PeriodDays ({options.PeriodDays}), got {options.MinDaysWithData}.");
        }

        if (options.MinMessages < 0)
        {
            failures.Add($"Enforcement:MinMessages must not be negative, got {options.MinMessages}.");
        }

        if (options.MaxUnreviewedPercent is < 0 or > 100 || options.RejectMaxUnreviewedPercent is < 0 or > 100)
        {
            failures.Add("Enforcement:MaxUnreviewedPercent and Enforcement:RejectMaxUnreviewedPercent must be 0 to 100.");
        }

        if (options.StepBackDays is < 1 or > 30)
        {
            failures.Add($"Enforcement:StepBackDays must be 1 to 30, got {options.StepBackDays}.");
        }

        if (options.DwellDays is < 0 or > 90)
        {
            failures.Add($"Enforcement:DwellDays must be 0 to 90, got {options.DwellDays}.");
        }

        if (PolicyStep.ParseList(options.Steps, out var error) is null)
        {
            failures.Add($"Enforcement:Steps: {error}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
