namespace Dmarc.Functions.Api;

/// <summary>
/// Endpoint metadata: the most bytes of request body the endpoint may read. API endpoints without it
/// get <see cref="DefaultMaxBytes"/>, enough for any JSON body here; trigger endpoints are not limited.
/// </summary>
public sealed record RequestBodyLimit(long MaxBytes)
{
    public const long DefaultMaxBytes = 64 * 1024;
}

public static class RequestBodyLimitExtensions
{
    /// <summary>Lets the endpoint read up to <paramref name="maxBytes"/> of request body instead of the default.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return builder.WithMetadata(new RequestBodyLimit(maxBytes));
    }
}
