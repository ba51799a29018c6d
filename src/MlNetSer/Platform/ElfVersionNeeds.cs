using System.Buffers.Binary;
using System.Text;

namespace MlNetSer.Platform;

/// <summary>
/// Reads the symbol-version requirements (<c>.gnu.version_r</c>) of a little-endian ELF64 shared object.
/// </summary>
/// <remarks>
/// This is the read side of the build's TorchSharp load fix (<c>buildTransitive/MlNetSer.targets</c>), which
/// marks <c>GLIBCXX_3.4.32</c> weak in the output copy of <c>libLibTorchSharp.so</c>; the build task carries its
/// own copy of the parsing so that package consumers need nothing but the targets file. Use this class to
/// check what a library requires, e.g. to explain why it does not load.
/// </remarks>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>Reads every version requirement of the ELF64 file at <paramref name="path"/>.</summary>
    /// <param name="path">A little-endian ELF64 file, e.g. <c>libLibTorchSharp.so</c>.</param>
    /// <returns>The requirements in file order; empty when the file has no <c>.gnu.version_r</c> section.</returns>
    /// <exception cref="InvalidDataException">The file is not a little-endian ELF64 file or its version
    /// section is truncated or corrupt; the message names the file.</exception>
    public static IReadOnlyList<ElfVersionNeed> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads every version requirement of an ELF64 image held in memory.</summary>
    /// <param name="image">The whole file's bytes.</param>
    /// <returns>The requirements in file order; empty when the image has no <c>.gnu.version_r</c> section.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a little-endian ELF64 file or its version
    /// section is truncated or corrupt.</exception>
    public static IReadOnlyList<ElfVersionNeed> Parse(ReadOnlySpan<byte> image)
    {
        if (image.Length < 64 || !image[..4].SequenceEqual("\u007fELF"u8))
            throw new InvalidDataException("not an ELF file.");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file.");

        long sectionTable = (long)U64(image, 0x28);
        int entrySize = U16(image, 0x3a);
        long sectionCount = U16(image, 0x3c);
        if (sectionTable == 0)
            throw new InvalidDataException("no section header table.");
        if (entrySize < 64)
            throw new InvalidDataException($"section header entries of {entrySize} bytes.");
        Require(image, sectionTable, entrySize, "section header 0");
        if (sectionCount == 0) // more than 0xff00 sections: the count lives in section 0's sh_size
            sectionCount = (long)U64(image, sectionTable + 0x20);
        Require(image, sectionTable, sectionCount * entrySize, "section header table");

        var needs = new List<ElfVersionNeed>();
        for (long i = 0; i < sectionCount; i++)
        {
            long header = sectionTable + i * entrySize;
            if (U32(image, header + 0x04) == ShtGnuVerneed)
                ReadVerneedSection(image, sectionTable, entrySize, sectionCount, header, needs);
        }
        return needs;
    }

    private static void ReadVerneedSection(
        ReadOnlySpan<byte> image, long sectionTable, int entrySize, long sectionCount, long header, List<ElfVersionNeed> needs)
    {
        long offset = (long)U64(image, header + 0x18);
        Require(image, offset, (long)U64(image, header + 0x20), ".gnu.version_r");
        uint link = U32(image, header + 0x28);
        uint count = U32(image, header + 0x2c); // sh_info: the number of Elf64_Verneed entries
        if (link >= sectionCount)
            throw new InvalidDataException($".gnu.version_r links to missing section {link}.");
        long strings = sectionTable + link * entrySize;
        var dynstr = new StringTable(image, (long)U64(image, strings + 0x18), (long)U64(image, strings + 0x20));

        long verneed = offset;
        for (uint n = 0; n < count; n++)
        {
            Require(image, verneed, VerneedSize, "Elf64_Verneed");
            string library = dynstr.Get(image, U32(image, verneed + 4));
            long vernaux = verneed + U32(image, verneed + 8);
            for (int a = 0, auxCount = U16(image, verneed + 2); a < auxCount; a++)
            {
                Require(image, vernaux, VernauxSize, "Elf64_Vernaux");
                needs.Add(new ElfVersionNeed(library, dynstr.Get(image, U32(image, vernaux + 8)), U16(image, vernaux + 4), vernaux + 4));
                uint nextAux = U32(image, vernaux + 12);
                if (nextAux == 0)
                    break;
                vernaux += nextAux;
            }
            uint next = U32(image, verneed + 12);
            if (next == 0)
                break;
            verneed += next;
        }
    }

    private readonly record struct StringTable(long Offset, long Size)
    {
        public StringTable(ReadOnlySpan<byte> image, long offset, long size) : this(offset, size)
            => Require(image, offset, size, ".dynstr");

        public string Get(ReadOnlySpan<byte> image, uint index)
        {
            if (index >= Size)
                throw new InvalidDataException("a version name lies outside .dynstr.");
            ReadOnlySpan<byte> rest = image.Slice((int)(Offset + index), (int)(Size - index));
            int end = rest.IndexOf((byte)0);
            if (end < 0)
                throw new InvalidDataException("a version name in .dynstr is not terminated.");
            return Encoding.ASCII.GetString(rest[..end]);
        }
    }

    private static void Require(ReadOnlySpan<byte> image, long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > image.Length)
            throw new InvalidDataException($"{what} lies outside the file (truncated or corrupt).");
    }

    private static ushort U16(ReadOnlySpan<byte> b, long offset) => BinaryPrimitives.ReadUInt16LittleEndian(b[(int)offset..]);

    private static uint U32(ReadOnlySpan<byte> b, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[(int)offset..]);

    private static ulong U64(ReadOnlySpan<byte> b, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(b[(int)offset..]);
}
