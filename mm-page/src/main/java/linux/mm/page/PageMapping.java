package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mm.h: the two things struct page's `mapping` word can
 * point at (PAGE_MAPPING_ANON). Owns no state.
 */

/**
 * What {@code page->mapping} may hold. In 2.6.20 the field is a {@code struct address_space *}
 * whose low bit ({@code PAGE_MAPPING_ANON}) says it really points at a {@code struct anon_vma}.
 * Java has no tagged pointers, so the tag is the type: a mapping that is an {@link AnonVma}
 * is the anon case (the low bit set), an {@link AddressSpace} is the file / swapper case.
 *
 * <p>Differs from 2.6.20: the tag bit is the dynamic type instead of bit 0 of the pointer;
 * {@link Page#pageAnon} tests the type, exactly where the kernel tests the bit.
 */
public sealed interface PageMapping permits AddressSpace, AnonVma {
}
