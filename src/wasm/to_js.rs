//! The reply as JavaScript objects, built straight from its `Serialize` implementation (so its
//! shape is the one the CLI's JSON has).
//!
//! Strings the binary holds (field names, unit variants, and catalogue text, which
//! [`crate::finding::static_str`] sends as unit variants) become JavaScript strings once and
//! are reused: decoding them again on every reply was a quarter of a 2 KB analysis as the
//! extension calls it (about a hundred catalogue strings per reply; measured 31 of 119 µs
//! for the whole conversion with `serde-wasm-bindgen`).

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
}

/// Converts `v` to a JavaScript value: structs and maps become objects, sequences arrays,
/// numbers numbers, `None` `null`.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, Error> {
    v.serialize(Ser)
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
/// never goes stale.
struct Interned {
    slots: Vec<Option<(usize, usize, JsValue)>>,
    len: usize,
}

thread_local! {
    static INTERNED: RefCell<Interned> = RefCell::new(Interned { slots: vec![None; 1024], len: 0 });
}

impl Interned {
    fn slot(&self, at: usize, len: usize) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (at.wrapping_mul(0x9e37_79b9) >> 7 ^ len) & mask;
        while let Some((a, l, _)) = &self.slots[i] {
            if *a == at && *l == len {
                break;
            }
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&mut self, s: &'static str) -> JsValue {
        let (at, len) = (s.as_ptr() as usize, s.len());
        let i = self.slot(at, len);
        if let Some((_, _, v)) = &self.slots[i] {
            return v.clone();
        }
        let v = JsValue::from_str(s);
        self.slots[i] = Some((at, len, v.clone()));
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            let grown = vec![None; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            for (a, l, v) in old.into_iter().flatten() {
                let i = self.slot(a, l);
                self.slots[i] = Some((a, l, v));
            }
        }
        v
    }
}

fn interned(s: &'static str) -> JsValue {
    INTERNED.with(|t| t.borrow_mut().get(s))
}

#[derive(Clone, Copy)]
struct Ser;

/// An object under construction.
struct Obj {
    target: Target,
    key: Option<JsValue>,
}

impl Obj {
    fn new() -> Obj {
        Obj { target: Object::new().unchecked_into(), key: None }
    }
}

/// An array under construction.
struct Seq(Array);

fn number(n: f64) -> Result<JsValue, Error> {
    Ok(JsValue::from_f64(n))
}

impl ser::Serializer for Ser {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = ser::Impossible<JsValue, Error>;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = ser::Impossible<JsValue, Error>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Error> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, Error> {
        number(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, Error> {
        number(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, Error> {
        number(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, Error> {
        number(v)
    }
    fn serialize_char(self, v: char) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<JsValue, Error> {
        Ok(Array::from_iter(v.iter().map(|&b| JsValue::from_f64(b.into()))).into())
    }
    fn serialize_none(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<JsValue, Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<JsValue, Error> {
        Ok(interned(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<JsValue, Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<JsValue, Error> {
        let o = Obj::new();
        o.target.set(&interned(variant), &v.serialize(self)?);
        Ok(o.target.into())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq(Array::new()))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
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
    fn serialize_map(self, _: Option<usize>) -> Result<Obj, Error> {
        Ok(Obj::new())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Obj, Error> {
        Ok(Obj::new())
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

impl ser::SerializeSeq for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.0.push(&v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.0.into())
    }
}

impl ser::SerializeMap for Obj {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key = Some(k.serialize(Ser)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value without its key".into()))?;
        if !key.is_string() {
            return Err(Error("map keys must be strings".into()));
        }
        self.target.set(&key, &v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.target.into())
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = JsValue;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
        self.target.set(&interned(key), &v.serialize(Ser)?);
        Ok(())
    }
    fn end(self) -> Result<JsValue, Error> {
        Ok(self.target.into())
    }
}

/// Sets `key` on an object built by [`to_js`] (the reply's fields that only JavaScript gets).
pub fn set(object: &JsValue, key: &'static str, value: &JsValue) {
    object.unchecked_ref::<Target>().set(&interned(key), value);
}
