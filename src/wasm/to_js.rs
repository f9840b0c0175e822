//! The reply as JavaScript objects, built straight from its `Serialize` implementation (so its
//! shape is the one the CLI's JSON has).
//!
//! Two things make it cheap, measured on a 2 KB email as the extension calls it (the whole
//! conversion took 31 of 119 µs with `serde-wasm-bindgen`):
//! - strings the binary holds (field names, unit variants, and catalogue text, which
//!   [`crate::finding::static_str`] sends as unit variants) become JavaScript strings once and
//!   are reused, instead of about a hundred being decoded on every reply;
//! - each value is written straight into the object or array that holds it, numbers and
//!   strings as they are, in one call across the boundary rather than one to make the value
//!   and one to store it.

use js_sys::{Array, Object};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = Object)]
    type Target;
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Target, key: &JsValue, value: &JsValue);
    #[wasm_bindgen(method, indexing_setter)]
    fn set_number(this: &Target, key: &JsValue, value: f64);
    #[wasm_bindgen(method, indexing_setter)]
    fn set_str(this: &Target, key: &JsValue, value: &str);

    #[wasm_bindgen(extends = Array)]
    type List;
    #[wasm_bindgen(method, js_name = push)]
    fn push_value(this: &List, value: &JsValue);
    #[wasm_bindgen(method, js_name = push)]
    fn push_number(this: &List, value: f64);
    #[wasm_bindgen(method, js_name = push)]
    fn push_str(this: &List, value: &str);
}

/// Converts `v` to a JavaScript value: structs and maps become objects, sequences arrays,
/// numbers numbers, `None` `null`. Tuples and enum variants with data are refused (the reply
/// has none).
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, Error> {
    match v.serialize(Ser(Dest::Top))? {
        Out::Value(v) => Ok(v),
        Out::Written => Err(Error("nothing to return".into())),
    }
}

/// Sets `key` on an object built by [`to_js`] (the reply's fields that only JavaScript gets).
pub fn set(object: &JsValue, key: &'static str, value: &JsValue) {
    object.unchecked_ref::<Target>().set(interned(key), value);
}

/// A value the conversion cannot express (never produced by the reply's types).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// JavaScript strings for `&'static str`s, by address and length: open addressing over a
/// power-of-two table, at most half full. Static text never moves or changes, so an entry
/// never goes stale; each string is converted once and kept for the life of the module
/// (there are only as many as the binary holds).
struct Interned {
    slots: Vec<Option<(usize, usize, &'static JsValue)>>,
    len: usize,
}

thread_local! {
    static INTERNED: RefCell<Interned> = RefCell::new(Interned { slots: vec![None; 1024], len: 0 });
}

impl Interned {
    fn slot(&self, at: usize, len: usize) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = ((at.wrapping_mul(0x9e37_79b9) >> 7) ^ len) & mask;
        while let Some((a, l, _)) = self.slots[i] {
            if a == at && l == len {
                break;
            }
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&mut self, s: &'static str) -> &'static JsValue {
        let (at, len) = (s.as_ptr() as usize, s.len());
        let i = self.slot(at, len);
        if let Some((_, _, v)) = self.slots[i] {
            return v;
        }
        let v: &'static JsValue = Box::leak(Box::new(JsValue::from_str(s)));
        self.slots[i] = Some((at, len, v));
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            let grown = vec![None; self.slots.len() * 2];
            for (a, l, v) in std::mem::replace(&mut self.slots, grown).into_iter().flatten() {
                let i = self.slot(a, l);
                self.slots[i] = Some((a, l, v));
            }
        }
        v
    }
}

fn interned(s: &'static str) -> &'static JsValue {
    INTERNED.with(|t| t.borrow_mut().get(s))
}

/// Where a value goes: returned (the top level, a map key), a field of an object, or the end
/// of an array.
#[derive(Clone, Copy)]
enum Dest<'a> {
    Top,
    Field(&'a Target, &'a JsValue),
    Elem(&'a List),
}

/// What serialising a value gave: the value itself (for [`Dest::Top`]), or nothing because it
/// was written into its place.
enum Out {
    Value(JsValue),
    Written,
}

#[derive(Clone, Copy)]
struct Ser<'a>(Dest<'a>);

impl Ser<'_> {
    fn value(self, v: &JsValue) -> Result<Out, Error> {
        match self.0 {
            Dest::Top => return Ok(Out::Value(v.clone())),
            Dest::Field(o, k) => o.set(k, v),
            Dest::Elem(a) => a.push_value(v),
        }
        Ok(Out::Written)
    }

    fn number(self, n: f64) -> Result<Out, Error> {
        match self.0 {
            Dest::Top => return Ok(Out::Value(JsValue::from_f64(n))),
            Dest::Field(o, k) => o.set_number(k, n),
            Dest::Elem(a) => a.push_number(n),
        }
        Ok(Out::Written)
    }

    fn string(self, s: &str) -> Result<Out, Error> {
        match self.0 {
            Dest::Top => return Ok(Out::Value(JsValue::from_str(s))),
            Dest::Field(o, k) => o.set_str(k, s),
            Dest::Elem(a) => a.push_str(s),
        }
        Ok(Out::Written)
    }
}

/// An object under construction, and where it goes when done.
struct Obj<'a> {
    target: Target,
    key: Option<JsValue>,
    dest: Ser<'a>,
}

/// An array under construction, and where it goes when done.
struct Seq<'a> {
    list: List,
    dest: Ser<'a>,
}

/// Serializer methods for numbers: JavaScript has one kind (integers past 2^53 lose precision,
/// as in `JSON.parse`; the reply has none).
macro_rules! numbers {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<Out, Error> {
            self.number(v as f64)
        })*
    };
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = Out;
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = ser::Impossible<Out, Error>;
    type SerializeTupleStruct = ser::Impossible<Out, Error>;
    type SerializeTupleVariant = ser::Impossible<Out, Error>;
    type SerializeMap = Obj<'a>;
    type SerializeStruct = Obj<'a>;
    type SerializeStructVariant = ser::Impossible<Out, Error>;

    fn serialize_bool(self, v: bool) -> Result<Out, Error> {
        self.value(&JsValue::from_bool(v))
    }
    numbers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64
    );
    fn serialize_char(self, v: char) -> Result<Out, Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Out, Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Out, Error> {
        self.value(&Array::from_iter(v.iter().map(|&b| JsValue::from_f64(b.into()))).into())
    }
    fn serialize_none(self) -> Result<Out, Error> {
        self.value(&JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Out, Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out, Error> {
        self.value(&JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Out, Error> {
        self.value(&JsValue::NULL)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Out, Error> {
        self.value(interned(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<Out, Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Out, Error> {
        let target: Target = Object::new().unchecked_into();
        v.serialize(Ser(Dest::Field(&target, interned(variant))))?;
        self.value(&target)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        Ok(Seq { list: Array::new().unchecked_into(), dest: self })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("tuples are not sent to JavaScript".into()))
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error(format!("{name}: tuple structs are not sent to JavaScript")))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!("{name}: tuple variants are not sent to JavaScript")))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj<'a>, Error> {
        Ok(Obj { target: Object::new().unchecked_into(), key: None, dest: self })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj<'a>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!("{name}: struct variants are not sent to JavaScript")))
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = Out;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(Ser(Dest::Elem(&self.list)))?;
        Ok(())
    }
    fn end(self) -> Result<Out, Error> {
        self.dest.value(&self.list)
    }
}

impl ser::SerializeMap for Obj<'_> {
    type Ok = Out;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        match k.serialize(Ser(Dest::Top))? {
            Out::Value(k) if k.is_string() => self.key = Some(k),
            _ => return Err(Error("map keys must be strings".into())),
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value without its key".into()))?;
        v.serialize(Ser(Dest::Field(&self.target, &key)))?;
        Ok(())
    }
    fn end(self) -> Result<Out, Error> {
        self.dest.value(&self.target)
    }
}

impl ser::SerializeStruct for Obj<'_> {
    type Ok = Out;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
        v.serialize(Ser(Dest::Field(&self.target, interned(key))))?;
        Ok(())
    }
    fn end(self) -> Result<Out, Error> {
        self.dest.value(&self.target)
    }
}
