from ddbridge.v1 import exec_pb2 as _exec_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetInfoResponse(_message.Message):
    __slots__ = ("name", "image", "platform", "arch", "hostname", "targets", "has_service", "service_socket", "version", "max_body_bytes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    ARCH_FIELD_NUMBER: _ClassVar[int]
    HOSTNAME_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    HAS_SERVICE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_SOCKET_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    MAX_BODY_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    image: str
    platform: str
    arch: str
    hostname: str
    targets: _containers.RepeatedScalarFieldContainer[_exec_pb2.Target]
    has_service: bool
    service_socket: str
    version: str
    max_body_bytes: int
    def __init__(self, name: _Optional[str] = ..., image: _Optional[str] = ..., platform: _Optional[str] = ..., arch: _Optional[str] = ..., hostname: _Optional[str] = ..., targets: _Optional[_Iterable[_Union[_exec_pb2.Target, str]]] = ..., has_service: _Optional[bool] = ..., service_socket: _Optional[str] = ..., version: _Optional[str] = ..., max_body_bytes: _Optional[int] = ...) -> None: ...
