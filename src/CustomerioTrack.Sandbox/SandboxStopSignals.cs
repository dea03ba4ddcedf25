using System.Runtime.InteropServices;

namespace CustomerioTrack.Sandbox;

/// <summary>
/// Turns SIGINT (Ctrl+C; Ctrl+C and Ctrl+Break on Windows) and SIGTERM into a cancellation while registered, instead
/// of the runtime's default of ending the process mid-request.
/// </summary>
internal sealed class SandboxStopSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private SandboxStopSignals(PosixSignalRegistration[] registrations) => _registrations = registrations;

    public static SandboxStopSignals Register(CancellationTokenSource stop)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // A signal that arrives while the registration is being disposed: the command is already stopping.
            }
        }

        return new SandboxStopSignals([PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)]);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
