using System.Runtime.InteropServices;

namespace MlNetSer.IO;

/// <summary>What a path names in the file system, found without opening it.</summary>
public enum FileKind
{
    /// <summary>Nothing (or a link whose target is missing).</summary>
    Missing,

    /// <summary>A regular file: the only kind audio, manifests and models are read from.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A named pipe (FIFO): opening it waits for a writer, reading it may never end.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device such as <c>/dev/zero</c>: endless or interactive data.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A symbolic link (only from <see cref="FileKinds.Of"/> with <c>followLinks: false</c>).</summary>
    SymbolicLink,

    /// <summary>Anything else.</summary>
    Unknown,
}

/// <summary>
/// Tells regular files from FIFOs, sockets and devices before anything opens them: opening a FIFO blocks until a
/// writer comes, and reading a device may never end, so every input is checked with <see cref="Of"/> first.
/// </summary>
public static class FileKinds
{
    // S_IFMT and its kinds; .NET's native layer normalises the mode to these values on every Unix.
    private const int TypeMask = 0xF000;
    private const int FifoType = 0x1000;
    private const int CharacterDeviceType = 0x2000;
    private const int DirectoryType = 0x4000;
    private const int BlockDeviceType = 0x6000;
    private const int RegularType = 0x8000;
    private const int LinkType = 0xA000;
    private const int SocketType = 0xC000;

    // Bigger than .NET's FileStatus (about 130 bytes), whose first two int32 fields (flags, mode) are all that is read.
    private const int StatusBufferSize = 512;

    private static bool s_nativeMissing;

    /// <summary>What <paramref name="path"/> is; <paramref name="followLinks"/> false reports a symbolic link itself.</summary>
    /// <remarks>
    /// .NET exposes no file type (a FIFO reads as an ordinary file of length 0), so on Unix this asks the runtime's own
    /// native layer (<c>libSystem.Native</c>, present in every .NET installation) for the stat mode. Where that is not
    /// available (Windows, which has no FIFOs or devices in the file system) it falls back to exists/is-a-folder.
    /// </remarks>
    public static FileKind Of(string path, bool followLinks = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
            return FileKind.Missing;
        if (!OperatingSystem.IsWindows() && !s_nativeMissing)
        {
            try
            {
                var status = new byte[StatusBufferSize];
                var result = followLinks ? Native.Stat(path, status) : Native.LStat(path, status);
                if (result != 0)
                    return FileKind.Missing;
                return FromMode(BitConverter.ToInt32(status, 4));
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeMissing = true;
            }
        }

        if (!followLinks && new FileInfo(path) is { Exists: true, LinkTarget: not null })
            return FileKind.SymbolicLink;
        return System.IO.Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a named pipe (FIFO)", "a folder", … for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.SymbolicLink => "a symbolic link",
        _ => "not a regular file",
    };

    /// <summary>
    /// The one-line problem of a path that should name a regular file (null when it does): missing, a folder, or
    /// a FIFO, socket or device, which are never opened.
    /// </summary>
    public static string? RegularFileProblem(string path) => Of(path) switch
    {
        FileKind.Regular => null,
        FileKind.Missing => "file not found",
        FileKind.Directory => "is a folder, not a file",
        var kind => $"is {Describe(kind)}, not a regular file; only regular files are read",
    };

    private static FileKind FromMode(int mode) => (mode & TypeMask) switch
    {
        RegularType => FileKind.Regular,
        DirectoryType => FileKind.Directory,
        FifoType => FileKind.Fifo,
        SocketType => FileKind.Socket,
        CharacterDeviceType => FileKind.CharacterDevice,
        BlockDeviceType => FileKind.BlockDevice,
        LinkType => FileKind.SymbolicLink,
        _ => FileKind.Unknown,
    };

    private static class Native
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, SetLastError = true)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
    }
}
