//! [`ThinSlice`]: an immutable boxed slice behind one pointer, its length stored in front of
//! the elements. The tree's lists (array elements, object fields, call arguments, block
//! bodies) use it so that the nodes holding them stay small.

use std::alloc::{self, Layout};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

/// The length, in front of the elements.
#[repr(C)]
struct Header {
    len: usize,
}

/// The one empty list: no allocation.
static EMPTY: Header = Header { len: 0 };

/// A boxed slice (`Box<[T]>`) in 8 bytes instead of 16: the allocation holds the length and
/// then the elements. Reads as `&[T]`; built from a `Vec<T>` or an exact-size iterator.
pub struct ThinSlice<T> {
    /// `EMPTY` when the list is empty, else an allocation of `layout(len)`.
    header: NonNull<Header>,
    _owns: PhantomData<T>,
}

// SAFETY: a `ThinSlice<T>` owns its elements exactly as a `Box<[T]>` does.
unsafe impl<T: Send> Send for ThinSlice<T> {}
// SAFETY: as above; shared access only ever gives `&[T]`.
unsafe impl<T: Sync> Sync for ThinSlice<T> {}

impl<T> ThinSlice<T> {
    /// The allocation for `len` elements and where they start in it.
    fn layout(len: usize) -> (Layout, usize) {
        let (layout, offset) = Layout::new::<Header>()
            .extend(Layout::array::<T>(len).expect("list too large"))
            .expect("list too large");
        (layout.pad_to_align(), offset)
    }

    fn stored_len(&self) -> usize {
        // SAFETY: the header is `EMPTY` or the allocation's, written before the list existed.
        unsafe { self.header.as_ref().len }
    }

    fn elements(&self) -> *mut T {
        let offset = Self::layout(0).1;
        match self.stored_len() {
            // Never read through (length 0): only needs to be aligned and non-null.
            0 => NonNull::dangling().as_ptr(),
            // SAFETY: an allocated list has its elements at `offset`.
            _ => unsafe { self.header.as_ptr().cast::<u8>().add(offset).cast::<T>() },
        }
    }

    pub fn new() -> Self {
        ThinSlice {
            header: NonNull::from(&EMPTY),
            _owns: PhantomData,
        }
    }

    /// An allocation for `len` (at least 1) elements, its header not yet written, and where
    /// the elements go in it.
    fn allocate(len: usize) -> (NonNull<Header>, *mut T) {
        let (layout, offset) = Self::layout(len);
        // SAFETY: `layout` is not zero-sized (it holds the header).
        let raw = unsafe { alloc::alloc(layout) };
        let Some(header) = NonNull::new(raw.cast::<Header>()) else {
            alloc::handle_alloc_error(layout)
        };
        // SAFETY: `offset` is within the allocation of `layout`, as `layout` computed it.
        (header, unsafe { raw.add(offset).cast::<T>() })
    }

    /// The elements of `items` from `start` on, moved into a list; `items` keeps those before
    /// `start`. One copy of the elements' bytes, with no iterator and no drain to drop (a
    /// tenth of the cost of building the tree's lists).
    pub fn from_vec_tail(items: &mut Vec<T>, start: usize) -> Self {
        let len = items[start..].len();
        if len == 0 {
            return Self::new();
        }
        let (header, elements) = Self::allocate(len);
        // SAFETY: `items[start..]` holds `len` initialised elements (checked by the slicing
        // above), and `elements` has room for `len` in a fresh allocation, so the two do not
        // overlap. Shortening `items` to `start` first hands the ownership of those elements
        // over to the copy: `items` will neither read nor drop them again. Nothing can panic
        // between that and writing the header, so the list never holds fewer elements than
        // the header says.
        unsafe {
            items.set_len(start);
            std::ptr::copy_nonoverlapping(items.as_ptr().add(start), elements, len);
            header.as_ptr().write(Header { len });
        }
        ThinSlice {
            header,
            _owns: PhantomData,
        }
    }

    /// The list of the items `items` yields; it must yield exactly as many as it says.
    pub fn from_exact<I: ExactSizeIterator<Item = T>>(mut items: I) -> Self {
        let len = items.len();
        if len == 0 {
            return Self::new();
        }
        let (header, elements) = Self::allocate(len);
        // SAFETY: `elements` has room for `len` elements in a fresh allocation. The length is
        // written only once all elements are, so a panicking iterator leaks them (and the
        // allocation) rather than exposing any uninitialised element.
        unsafe {
            for i in 0..len {
                let item = items.next().expect("iterator shorter than its length");
                elements.add(i).write(item);
            }
            header.as_ptr().write(Header { len });
        }
        ThinSlice {
            header,
            _owns: PhantomData,
        }
    }
}

impl<T> Default for ThinSlice<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for ThinSlice<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: the header holds the number of initialised elements that follow it.
        unsafe { std::slice::from_raw_parts(self.elements(), self.stored_len()) }
    }
}

impl<T> Drop for ThinSlice<T> {
    fn drop(&mut self) {
        let len = self.stored_len();
        if len == 0 {
            return;
        }
        // SAFETY: the list owns `len` initialised elements in an allocation of `layout(len)`,
        // and nothing uses them after this.
        unsafe {
            std::ptr::drop_in_place(std::ptr::slice_from_raw_parts_mut(self.elements(), len));
            alloc::dealloc(self.header.as_ptr().cast::<u8>(), Self::layout(len).0);
        }
    }
}

impl<T> From<Vec<T>> for ThinSlice<T> {
    fn from(mut items: Vec<T>) -> Self {
        Self::from_vec_tail(&mut items, 0)
    }
}

impl<T> FromIterator<T> for ThinSlice<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Self::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T: Clone> Clone for ThinSlice<T> {
    fn clone(&self) -> Self {
        Self::from_exact(self.iter().cloned())
    }
}

impl<T: fmt::Debug> fmt::Debug for ThinSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: PartialEq> PartialEq for ThinSlice<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for ThinSlice<T> {}

impl<'a, T> IntoIterator for &'a ThinSlice<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn holds_drops_and_clones_its_elements() {
        let counted = Rc::new(());
        let list: ThinSlice<(u8, Rc<()>)> = (0..5).map(|i| (i, counted.clone())).collect();
        assert_eq!(std::mem::size_of_val(&list), 8);
        assert_eq!(list.len(), 5);
        assert_eq!(list[4].0, 4);
        assert_eq!(Rc::strong_count(&counted), 6);
        let copy = list.clone();
        assert_eq!(copy, list);
        assert_eq!(Rc::strong_count(&counted), 11);
        drop(list);
        drop(copy);
        assert_eq!(Rc::strong_count(&counted), 1);
        let empty: ThinSlice<String> = ThinSlice::from(Vec::new());
        assert!(empty.is_empty());
        assert_eq!(format!("{:?}", ThinSlice::from(vec!["a"])), "[\"a\"]");
        let mut stack: Vec<Rc<()>> = (0..4).map(|_| counted.clone()).collect();
        let tail = ThinSlice::from_vec_tail(&mut stack, 1);
        assert_eq!((stack.len(), tail.len()), (1, 3));
        assert_eq!(Rc::strong_count(&counted), 5);
        drop(tail);
        assert_eq!(Rc::strong_count(&counted), 2);
        assert!(ThinSlice::from_vec_tail(&mut stack, 1).is_empty());
    }
}
