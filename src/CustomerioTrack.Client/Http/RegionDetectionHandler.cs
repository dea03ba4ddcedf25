using System.Net.Http.Headers;
using System.Text.Json;

namespace CustomerioTrack.Client.Http;

/// <summary>
/// When no region is configured: asks getRegion once per workspace (with the request's own credentials), caches the answer, and
/// sends every request for the US host to the workspace's host instead. A failed lookup is not cached; one that gets no
/// usable answer throws <see cref="TrackRegionDetectionException"/> (the request itself is not sent), one refused by
/// Customer.io (e.g. 401) hands that answer back as the request's own, and a cancellation during the lookup is a
/// <see cref="TrackRegionDetectionCancelledException"/>.
/// </summary>
public sealed class RegionDetectionHandler : DelegatingHandler
{
    private const string RegionPath = "/api/v1/accounts/region";
    private readonly Func<AuthenticationHeaderValue?> _credentials;
    private readonly DetectedRegion _detected;

    /// <summary>Creates the handler.</summary>
    /// <param name="credentials">The Basic credentials used for the lookup (null when none are configured).</param>
    public RegionDetectionHandler(Func<AuthenticationHeaderValue?> credentials)
        : this(credentials, new DetectedRegion())
    {
    }

    internal RegionDetectionHandler(Func<AuthenticationHeaderValue?> credentials, DetectedRegion detected)
    {
        _credentials = credentials;
        _detected = detected;
    }

    /// <summary>The detected base URL, once known.</summary>
    public Uri? DetectedBaseUrl => _detected.BaseUrl;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !IsUsHost(uri) || uri.AbsolutePath.Equals(RegionPath, StringComparison.Ordinal))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        Uri? baseUrl;
        HttpResponseMessage? failure;
        try
        {
            (baseUrl, failure) = await DetectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // Said explicitly: a call cancelled here would otherwise not know whether its request went out.
            throw new TrackRegionDetectionCancelledException(exception, cancellationToken);
        }

        if (failure is not null)
        {
            return failure;
        }

        if (baseUrl is not null && !IsUsHost(baseUrl))
        {
            // Only the host changes. Resolving the path against the new base would read a path that starts with "//"
            // as another host, and the request already carries the credentials.
            request.RequestUri = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(Uri? BaseUrl, HttpResponseMessage? Failure)> DetectAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The request's own credentials name its workspace: a client built after its options were reloaded for another
        // workspace may still run on handlers built with the old ones.
        var credentials = request.Headers.Authorization ?? _credentials();
        if (credentials is null)
        {
            return (null, null);
        }

        if (_detected.BaseUrlFor(credentials) is { } known)
        {
            return (known, null);
        }

        await _detected.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_detected.BaseUrlFor(credentials) is { } raced)
            {
                return (raced, null);
            }

            using var lookup = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackHosts.Us, RegionPath));
            lookup.Headers.Authorization = credentials;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(lookup, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception) when (exception is TrackResponseTooLargeException or TrackResponseIncompleteException)
            {
                // Their message is about the lookup ("sent, may have been processed"); the request waiting for it was not sent.
                throw new TrackRegionDetectionException(
                    "Detecting the workspace's region failed: the answer to GET " + RegionPath + " was too large or broke off. The request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu).",
                    isTransient: false,
                    exception);
            }
            catch (Exception exception) when (exception is HttpRequestException or TimeoutException && exception is not TrackRegionDetectionException)
            {
                throw new TrackRegionDetectionException(
                    "Detecting the workspace's region (GET " + RegionPath + ") failed: " + exception.Message
                    + " The request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu) to skip the lookup.",
                    isTransient: exception is not TrackRedirectRefusedException,
                    exception);
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, response);
            }

            using (response)
            {
                var detected = await ReadBaseUrlAsync(response, cancellationToken).ConfigureAwait(false);
                _detected.Remember(credentials, detected);
                return (detected, null);
            }
        }
        finally
        {
            _detected.Gate.Release();
        }
    }

    private static async Task<Uri> ReadBaseUrlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const string Unrecognized = "getRegion answered without a recognizable Customer.io Track url or region, so the request was not sent; set the region explicitly (CUSTOMERIO_REGION=us|eu).";
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new TrackRegionDetectionException(Unrecognized, isTransient: false, exception);
        }

        using var document = json;
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("url", out var url)
            && url.ValueKind == JsonValueKind.String
            && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var parsed)
            && TrackHosts.IsCustomerIoTrackHost(parsed))
        {
            // One of our own host URIs, not the answer's authority (which could carry user info).
            return string.Equals(parsed.Host, TrackHosts.Eu.Host, StringComparison.OrdinalIgnoreCase) ? TrackHosts.Eu : TrackHosts.Us;
        }

        if (root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("region", out var region)
            && region.ValueKind == JsonValueKind.String
            && TrackHosts.TryParseRegion(region.GetString(), out var parsedRegion))
        {
            return TrackHosts.For(parsedRegion);
        }

        throw new TrackRegionDetectionException(Unrecognized, isTransient: false);
    }

    private static bool IsUsHost(Uri uri) => TrackHosts.IsCustomerIoTrackHost(uri)
        && string.Equals(uri.Host, TrackHosts.Us.Host, StringComparison.OrdinalIgnoreCase);
}
