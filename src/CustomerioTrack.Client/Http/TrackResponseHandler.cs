using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// Hands the answer to a call sent through Kiota's adapter (its tracing is listened to) to <see cref="TrackAnswerReader"/>,
/// so the call ends as it would have on the direct path: Kiota's adapter alone has no body to describe an unmapped status with.
/// </summary>
internal sealed class TrackResponseHandler(Func<HttpResponseMessage, Dictionary<string, ParsableFactory<IParsable>>?, Task<object?>> read) : IResponseHandler
{
    /// <inheritdoc />
    public async Task<ModelType?> HandleResponseAsync<NativeResponseType, ModelType>(NativeResponseType response, Dictionary<string, ParsableFactory<IParsable>>? errorMappings)
    {
        using var answer = response as HttpResponseMessage
            ?? throw new InvalidOperationException($"Kiota's adapter handed over a {typeof(NativeResponseType).Name}, not an HTTP response.");
        return (ModelType?)await read(answer, errorMappings).ConfigureAwait(false);
    }
}
