namespace Dmarc.Core.Ingestion;

/// <summary>The inbound e-mail webhook (section <c>InboundMail</c>).</summary>
public sealed class InboundMailOptions
{
    public const string Section = "InboundMail";
    public const int MinSecretLength = 24;

    /// <summary>The webhook's own secret; empty turns the webhook off (it answers 503).</summary>
    public string Secret { get; set; } = "";

    /// <summary>The largest message accepted, in bytes (by default the compressed-report limit plus room for the MIME envelope).</summary>
    public long MaxBytes { get; set; } = 35 * 1024 * 1024;
}

/// <summary>Port: where received mail goes, the <c>inbound</c> container the ingestion pipeline reads.</summary>
public interface IInboundMailbox
{
    /// <summary>
    /// Stores the raw message under a name made from its content (so the same message sent twice
    /// is one blob) and returns the name; the blob is written before this returns.
    /// </summary>
    Task<string> StoreAsync(ReadOnlyMemory<byte> message, string source, CancellationToken cancellationToken = default);
}
