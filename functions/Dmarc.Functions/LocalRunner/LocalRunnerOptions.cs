namespace Dmarc.Functions.LocalRunner;

/// <summary>Settings of the development-only trigger runner (section <c>LocalRunner</c>).</summary>
public sealed class LocalRunnerOptions
{
    public const string Section = "LocalRunner";

    /// <summary>Off when the Functions host runs the app (FUNCTIONS_CUSTOMHANDLER_PORT is set).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder holding host.json and one folder per function; defaults to the app's folder.</summary>
    public string? FunctionsRoot { get; set; }

    /// <summary>Where to deliver invocations; defaults to the app's own first address.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>How often containers and queues are looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a received queue message stays invisible while it is processed. Attempts and the
    /// wait between them come from host.json, as for the host (<see cref="HostRetrySettings"/>).
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Invocations running at once per function.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Table that records which blob versions were delivered (like the host's blob receipts).</summary>
    public string ReceiptsTable { get; set; } = "localrunnerblobreceipts";
}
