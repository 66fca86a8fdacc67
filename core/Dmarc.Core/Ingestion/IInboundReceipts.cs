namespace Dmarc.Core.Ingestion;

/// <summary>Port: the record of inbound documents seen by ingestion.</summary>
public interface IInboundReceipts
{
    /// <summary>Stores the receipt, replacing an earlier one for the same name.</summary>
    Task UpsertAsync(InboundReceipt receipt, CancellationToken cancellationToken = default);

    Task<InboundReceipt?> GetAsync(string name, CancellationToken cancellationToken = default);
}
